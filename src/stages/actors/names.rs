//! Names no dictionary knows: persons and organisations found by the shape
//! of a name (rule 4 of the `actors` stage, source `name_pattern`), run by
//! [`ActorTagger`](super::ActorTagger) after the dictionary, agent and title
//! rules, on the article-zone tokens those left free.
//!
//! # Rules
//!
//! **English persons**: a run of capitalised words (same sentence, only
//! spaces, a hyphen, or an initial's `.` between them; `bin`, `al`, `el`,
//! `de`, `van`… inside) minus leading function words (`The`, `But`) is a
//! person when it holds no organisation head word and
//! - starts with a given name of `data/names/en_given.txt` or
//!   `intl_given.txt` and has 2–4 words ("John Smith"), or starts with an
//!   initial ("J. Smith"); or
//! - follows an honorific or a role word (Mr, Dr, Sen., President, coach,
//!   striker…): 1–3 words; or
//! - ends with a surname of `en_surnames.txt` and a verb of saying follows
//!   or precedes it ("Smith said", "told Jane Doe").
//!
//! All-capital words (headlines, acronyms) never form names.
//!
//! **English organisations**: a capitalised run holding a head word
//! (Ministry, Party, University, Bank, Inc, …), extended by `of [the] X`
//! ("Bank of England"); the head's role (Ministry → GOV, University → EDU)
//! and a nationality adjective in the run ("Egyptian Foreign Ministry" →
//! EGY) give the code.
//!
//! **Arabic persons** (no capitals): a given name of `ar_given.txt` (after
//! up to two proclitics و ف ب ل ك), or عبد + a divine name, followed by up
//! to three further name elements: given names, بن/ابن/أبو/عبد + name, a
//! nisba family name (ال… ending in ي, not a nationality or a listed
//! adjective), or one unknown word (the family name, ending the chain).
//! Function words, verbs of saying, nationality adjectives, punctuation and
//! tokens other rules took end the chain. A lone given name is a person only
//! after a verb of saying and before a boundary (قال حسن إن). Given names
//! that are also words (أمل، كريم، حسن) need a second name element that is
//! itself a given name, a nisba or a particle.
//!
//! **Arabic organisations**: an indefinite head noun (وزارة، حزب، جامعة،
//! شركة…) and its genitive complement: up to two indefinite words (a
//! proper name: شركة غوغل; not an adjective agreeing with the head: شركة
//! كبيرة), then definite words, ending after a nationality adjective (which
//! gives the country). A definite head (البنك المركزي المصري) needs two
//! definite words or a nationality adjective after it.
//!
//! **Surnames**: a later lone surname of a two-or-more-word person found by
//! this rule or by a title pattern ("Radi", راضي) is another mention of that
//! person, unless two such persons share it.
//!
//! Every rule here was written from the shapes of names, not from a corpus'
//! names; the word lists are ours (`data/names/SOURCE.md`).

use std::collections::HashMap;
use std::sync::Arc;

use crate::article::{Actor, ActorKind, ActorSource, FieldText, Mention};
use crate::lexicon::{Countries, Lexicon, Names};
use crate::nlp::arabic::{self, CONJUNCTIONS, nisba_forms};
use crate::nlp::script::{is_arabic_word, is_latin_word};
use crate::nlp::{AnalyzedField, FastMap, FastSet, Token, normalize};

/// Confidence of a name found by its shape, below every title pattern.
mod confidence {
    pub const WITH_CUE: f64 = 0.45;
    pub const SHAPE: f64 = 0.4;
    pub const SURNAME: f64 = 0.35;
}

/// English words that start a sentence or a heading but never a name.
/// Written by us.
#[rustfmt::skip]
const EN_STOP: &[&str] = &[
    "the", "a", "an", "and", "but", "or", "nor", "so", "yet", "if", "as", "at", "by", "for", "from",
    "in", "into", "of", "on", "to", "with", "without", "after", "before", "since", "until",
    "during", "while", "when", "where", "why", "how", "what", "who", "whom", "which", "that",
    "this", "these", "those", "there", "here", "then", "than", "he", "she", "it", "we", "they", "i",
    "you", "his", "her", "its", "our", "their", "my", "your", "him", "them", "us", "me", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "not", "no",
    "yes", "all", "some", "any", "each", "every", "both", "many", "much", "more", "most", "other",
    "such", "only", "also", "just", "still", "even", "now", "today", "yesterday", "tomorrow",
    "last", "next", "first", "second", "third", "new", "old", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "about", "above", "against", "among", "around",
    "because", "between", "despite", "over", "under", "through", "though", "although", "however",
    "meanwhile", "according", "can", "could", "will", "would", "shall", "should", "may", "might",
    "must", "said", "says", "say", "told", "added", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "mr", "mrs", "ms", "dr", "de", "la",
    "le", "les", "des", "du", "et", "un", "une", "il", "elle", "north", "south", "east", "west",
    "world", "cup", "league", "police", "reuters", "afp", "ap", "photo", "video", "update",
    "breaking", "live", "read", "click", "share", "follow", "please", "sign", "see", "page",
    "chapter", "section", "table", "figure", "christmas", "easter", "ramadan", "eid", "god",
    "allah", "internet", "twitter", "facebook", "instagram", "youtube", "google", "english",
    "arabic", "french", "islam", "muslim", "muslims", "christians", "jewish", "catholic",
    "democrat", "democrats", "republican", "republicans", "city", "county", "street", "road",
    "avenue", "square", "hotel", "airport", "station", "stadium", "hospital", "prison",
];

/// Capitalised words that start organisation names but never a person's
/// ("International Energy Agency", "National Union of Journalists").
/// Written by us.
#[rustfmt::skip]
const EN_NOT_PERSON: &[&str] = &[
    "islamic", "christian", "western", "eastern", "northern", "southern", "central", "national",
    "international", "federal", "state", "world", "royal", "united", "european", "american",
    "african", "asian", "arab", "global", "general", "democratic", "popular", "free", "new",
    "supreme", "high", "grand", "great", "first", "bank", "air", "rival",
];

/// Words of a title before a name, besides [`EN_HONORIFICS`] ("Foreign
/// Minister", "Crown Prince", "Deputy Prime Minister"). Written by us.
#[rustfmt::skip]
const EN_TITLE_WORDS: &[&str] = &[
    "foreign", "prime", "deputy", "interior", "defence", "defense", "finance", "trade", "economy",
    "crown", "chief", "executive", "attorney", "home", "treasury", "treasurer", "health", "justice",
    "labour", "labor", "energy", "oil", "education", "culture", "information", "economic", "former",
    "acting", "assistant", "associate", "sports", "team", "club", "party", "union", "opposition",
    "rebel", "army", "police", "navy", "brigadier", "field", "air", "staff", "first", "lady",
    "managing", "chairman", "ceo",
];

/// Honorifics and titles written before a name, capitalised ("Mr Smith",
/// "President Joe Biden", "Sen. Jane Doe"). The word itself is not part of
/// the name. Written by us.
#[rustfmt::skip]
const EN_HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "gov", "governor",
    "rep", "representative", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "adm", "cmdr", "rev",
    "fr", "sir", "dame", "lord", "lady", "president", "vice", "premier", "chancellor", "mayor",
    "judge", "justice", "king", "queen", "prince", "princess", "pope", "cardinal", "bishop",
    "archbishop", "rabbi", "imam", "sheikh", "sheik", "shaikh", "ayatollah", "emir", "sultan",
    "colonel", "general", "lieutenant", "sergeant", "captain", "commander", "marshal", "minister",
    "secretary", "ambassador", "envoy", "speaker", "chairman", "chairwoman", "coach", "detective",
    "officer", "inspector", "superintendent", "constable", "agent",
];

/// Lower-case role words right before a name ("coach Smith", "striker Jane
/// Doe", "spokesman John Roe"). Written by us.
#[rustfmt::skip]
const EN_ROLE_CUES: &[&str] = &[
    "coach", "striker", "midfielder", "defender", "goalkeeper", "forward", "winger", "captain",
    "manager", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "chairman",
    "chairwoman", "chief", "director", "leader", "secretary", "senator", "lawmaker", "mayor",
    "governor", "judge", "lawyer", "attorney", "prosecutor", "ambassador", "envoy", "commander",
    "general", "colonel", "analyst", "economist", "professor", "researcher", "author", "writer",
    "novelist", "poet", "actor", "actress", "singer", "director", "player", "champion", "driver",
    "rider", "boxer", "batsman", "bowler", "pitcher", "quarterback", "wife", "husband", "son",
    "daughter", "brother", "sister", "father", "mother", "widow", "nephew", "niece", "cousin",
    "teammate", "compatriot", "candidate", "mp", "deputy", "aide", "adviser", "advisor", "official",
    "officer", "colleague", "founder", "ceo", "executive", "owner", "president-elect", "dr", "mr",
    "mrs", "ms",
];

/// Verbs of saying around a name ("Smith said", "told Smith").
#[rustfmt::skip]
const EN_SAY: &[&str] = &[
    "said", "says", "told", "added", "stated", "argued", "asked", "explained", "noted", "warned",
    "wrote", "declared", "insisted",
];

/// Lower-case particles inside a name ("Osama bin Laden", "Abdel Fattah
/// el-Sisi", "Ludwig van Beethoven").
const EN_PARTICLES: &[&str] = &[
    "bin", "ben", "ibn", "al", "el", "abu", "de", "da", "di", "du", "dos", "das", "del", "della",
    "van", "von", "der", "den", "ter", "le", "la", "y",
];

/// English organisation head words and the CAMEO role they give, if any.
/// Written by us; roles from the CAMEO actor codebook (GOV, MIL, COP, JUD,
/// LEG, EDU, BUS, MED, PTY, LAB).
const EN_ORG_HEADS: &[(&str, &str)] = &[
    ("ministry", "GOV"),
    ("department", "GOV"),
    ("government", "GOV"),
    ("cabinet", "GOV"),
    ("office", ""),
    ("agency", ""),
    ("authority", ""),
    ("administration", "GOV"),
    ("commission", ""),
    ("committee", ""),
    ("council", ""),
    ("board", ""),
    ("bureau", ""),
    ("service", ""),
    ("services", ""),
    ("party", "PTY"),
    ("front", ""),
    ("movement", ""),
    ("alliance", ""),
    ("coalition", ""),
    ("union", ""),
    ("league", ""),
    ("federation", ""),
    ("confederation", ""),
    ("association", ""),
    ("society", ""),
    ("foundation", ""),
    ("institute", "EDU"),
    ("institution", ""),
    ("university", "EDU"),
    ("college", "EDU"),
    ("academy", "EDU"),
    ("school", "EDU"),
    ("court", "JUD"),
    ("tribunal", "JUD"),
    ("parliament", "LEG"),
    ("assembly", "LEG"),
    ("congress", "LEG"),
    ("senate", "LEG"),
    ("army", "MIL"),
    ("navy", "MIL"),
    ("brigade", "MIL"),
    ("brigades", "MIL"),
    ("militia", ""),
    ("guard", ""),
    ("guards", ""),
    ("police", "COP"),
    ("bank", "BUS"),
    ("fund", ""),
    ("trust", ""),
    ("exchange", "BUS"),
    ("company", "BUS"),
    ("corporation", "BUS"),
    ("corp", "BUS"),
    ("inc", "BUS"),
    ("ltd", "BUS"),
    ("plc", "BUS"),
    ("llc", "BUS"),
    ("co", "BUS"),
    ("group", ""),
    ("holdings", "BUS"),
    ("industries", "BUS"),
    ("airlines", "BUS"),
    ("airways", "BUS"),
    ("motors", "BUS"),
    ("motor", "BUS"),
    ("technologies", "BUS"),
    ("systems", "BUS"),
    ("partners", "BUS"),
    ("securities", "BUS"),
    ("network", "MED"),
    ("television", "MED"),
    ("radio", "MED"),
    ("news", "MED"),
    ("times", "MED"),
    ("post", "MED"),
    ("journal", "MED"),
    ("herald", "MED"),
    ("tribune", "MED"),
    ("gazette", "MED"),
    ("church", "REL"),
    ("club", ""),
    ("organization", ""),
    ("organisation", ""),
    ("centre", ""),
    ("center", ""),
    ("program", ""),
    ("programme", ""),
    ("force", "MIL"),
    ("forces", "MIL"),
];

/// Arabic words that end a name chain: function words, pronouns, verbs of
/// saying, time words, place words. Normalised at start-up. Written by us.
#[rustfmt::skip]
const AR_STOP: &[&str] = &[
    "في", "من", "إلى", "على", "عن", "مع", "أن", "إن", "ان", "فإن", "بأن", "لأن", "لكن", "قد", "كان",
    "كانت", "يكون", "التي", "الذي", "الذين", "اللذين", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "حيث",
    "بعد", "قبل", "منذ", "حتى", "ثم", "أو", "أم", "لا", "لم", "لن", "ما", "ماذا", "كما", "أيضا",
    "عند", "لدى", "حول", "خلال", "بين", "بحسب", "حسب", "وفق", "وفقا", "ضد", "نحو", "عبر", "دون",
    "غير", "سوى", "كل", "جميع", "بعض", "أحد", "احد", "إحدى", "هو", "هي", "هم", "هما", "نحن", "أنا",
    "أنه", "أنها", "إنه", "إنها", "له", "لها", "لهم", "به", "بها", "فيه", "فيها", "منه", "منها",
    "عليه", "عليها", "إليه", "قال", "قالت", "يقول", "تقول", "قوله", "أكد", "أكدت", "يؤكد", "أضاف",
    "أضافت", "يضيف", "أوضح", "أوضحت", "أعلن", "أعلنت", "صرح", "صرحت", "أشار", "أشارت", "ذكر",
    "ذكرت", "أفاد", "أفادت", "تابع", "رأى", "اعتبر", "نفى", "أعرب", "دعا", "طالب", "وصف", "كتب",
    "سأل", "رد", "يوم", "اليوم", "أمس", "غدا", "الآن", "عام", "العام", "سنة", "شهر", "أسبوع",
    "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "يناير", "فبراير",
    "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    "شرق", "غرب", "شمال", "جنوب", "وسط", "مدينة", "منطقة", "محافظة", "ولاية", "مصر", "ليبيا",
    "سوريا", "سورية", "العراق", "تونس", "الجزائر", "المغرب", "السودان", "اليمن", "لبنان", "الأردن",
    "فلسطين", "إسرائيل", "تركيا", "إيران", "السعودية", "قطر", "الإمارات", "الكويت", "البحرين",
    "عمان", "فرنسا", "روسيا", "أمريكا", "أميركا", "الصين", "واشنطن", "القاهرة", "طرابلس", "بنغازي",
    "دمشق", "بغداد", "بيروت", "الرياض", "أنقرة", "باريس", "لندن", "موسكو", "غزة", "القدس", "الله",
    "رضي", "عليه", "السلام", "صلى", "وسلم", "رحمه", "رئيس", "وزير", "مدير", "أمين", "عضو", "نائب",
    "مسؤول", "مصدر", "مصادر", "شخص", "رجل", "امرأة", "طفل", "أطفال", "عدد", "نحو", "حوالي", "أكثر",
    "أقل", "مليون", "ألف", "مئة", "مائة",
];

/// Arabic titles and role nouns written right before a person's name
/// (الشيخ حمد، اللاعب رونالدو، المدرب فيرغسون). Written by us.
#[rustfmt::skip]
const AR_TITLES: &[&str] = &[
    "الشيخ", "الشيخة", "السيد", "السيدة", "الدكتور", "الدكتورة", "الملك", "الملكة", "الأمير",
    "الأميرة", "السلطان", "الإمام", "الحاج", "الرئيس", "المستشار", "اللواء", "العقيد", "العميد",
    "المشير", "القائد", "النجم", "اللاعب", "اللاعبة", "المدرب", "الفنان",
    "الفنانة", "الكاتب", "الكاتبة", "الشاعر", "الشاعرة", "الروائي", "المطرب", "المطربة", "الممثل",
    "الممثلة", "المخرج", "الصحفي", "الصحافي", "الباحث", "الأستاذ", "المهندس", "المحامي", "القاضي",
    "الوزير", "النائب", "الزعيم", "المطران", "البابا", "الصحابي", "المفكر", "الفيلسوف",
    "المؤرخ", "الموسيقار", "المهاجم", "لاعب", "مدرب", "الملاكم", "العداء",
];

/// Arabic verbs of saying before a lone name (قال حسن إن).
#[rustfmt::skip]
const AR_SAY: &[&str] = &[
    "قال", "قالت", "أضاف", "أضافت", "أكد", "أكدت", "صرح", "صرحت", "أوضح", "أوضحت", "أعلن", "أعلنت",
    "ذكر", "ذكرت", "أشار", "أشارت", "تابع", "اعتبر", "رأى", "يقول", "تقول",
];

/// Boundaries after a lone name caught by a verb of saying.
const AR_AFTER_SAY: &[&str] = &["إن", "ان", "أن", "بأن", "لـ", "في", "خلال", "عبر"];

/// Divine names after عبد (عبد الله، عبد الرحمن). Written by us.
#[rustfmt::skip]
const AR_DIVINE: &[&str] = &[
    "الله", "الرحمن", "الرحيم", "العزيز", "الكريم", "المجيد", "الحميد", "اللطيف", "الستار", "الغني",
    "القادر", "الحليم", "الرؤوف", "الهادي", "الإله", "الملك", "الناصر", "الوهاب", "الرزاق",
    "السلام", "المنعم", "الفتاح", "الجبار", "الباسط", "المحسن", "الحكيم", "الواحد", "الحي",
    "القيوم", "العليم", "السميع", "البصير", "الحق", "المطلب", "الرب", "الجليل", "الباري", "الخالق",
    "الصمد", "المعطي", "الغفور", "الودود", "الرشيد", "النور", "الأمير", "الإله", "العظيم", "الماجد",
    "الوهاب", "الحفيظ", "المنان", "الشكور", "القدوس", "العال",
];

/// Common adjectives ending in ي that are not family names (الرسمي، الحالي).
#[rustfmt::skip]
const AR_ADJECTIVES: &[&str] = &[
    "الرسمي", "الحالي", "الماضي", "الدولي", "الأمني", "العسكري", "السياسي", "الوطني", "الشعبي",
    "الإسلامي", "العربي", "الغربي", "الشرقي", "الجنوبي", "الشمالي", "الأجنبي", "المحلي", "الإقليمي",
    "الاقتصادي", "الاجتماعي", "الثقافي", "الرياضي", "الفني", "الطبي", "العلمي", "الإعلامي",
    "القانوني", "الدستوري", "القضائي", "التنفيذي", "التشريعي", "الحكومي", "الرئاسي", "الانتخابي",
    "الديمقراطي", "الجمهوري", "الملكي", "الأساسي", "الرئيسي", "النهائي", "الثاني", "الحادي",
    "الثالثي", "التالي", "الجاري", "المقبلي", "الأولي", "الذهبي", "الفضي", "الكروي", "الأوروبي",
    "الآسيوي", "الأفريقي", "الإفريقي", "الأمريكي", "الأميركي", "الخليجي", "المصري", "السوري",
    "العراقي", "اللبناني", "الليبي", "التونسي", "الجزائري", "المغربي", "السوداني", "اليمني",
    "الأردني", "الفلسطيني", "الإسرائيلي", "التركي", "الإيراني", "السعودي", "القطري", "الإماراتي",
    "الكويتي", "البحريني", "العماني", "الفرنسي", "الروسي", "الصيني", "البريطاني", "الألماني",
    "الإيطالي", "الإسباني", "الياباني", "الهندي", "الباكستاني", "الأفغاني", "الكردي", "الشيعي",
    "السني", "المسيحي", "اليهودي", "العادي", "الحقيقي", "الطبيعي", "الإنساني", "الجماعي", "الفردي",
    "الشخصي", "الداخلي", "الخارجي", "المركزي", "الإداري", "المالي", "النفطي", "الزراعي", "الصناعي",
    "التجاري", "الإلكتروني", "الرقمي", "البحري", "الجوي", "البري", "النووي", "الكيماوي", "الإرهابي",
    "الجهادي", "المدني", "الأهلي", "الشرعي", "الفعلي", "الكلي", "الجزئي", "الحربي", "الكبري",
    "الأعلي", "الأدني", "الأقصي", "الأولي", "الوسطي", "العليا", "الثوري", "الحزبي", "النيابي",
    "البلدي", "التعليمي", "الجامعي", "المدرسي", "الصحي", "البيئي", "المائي", "الغذائي", "الأمامي",
];

/// Arabic organisation head nouns (indefinite form): (noun, CAMEO role or
/// "", kind). Written by us.
const AR_ORG_HEADS: &[(&str, &str, ActorKind)] = &[
    ("وزارة", "GOV", ActorKind::Organization),
    ("حزب", "PTY", ActorKind::Party),
    ("جامعة", "EDU", ActorKind::Organization),
    ("معهد", "EDU", ActorKind::Organization),
    ("كلية", "EDU", ActorKind::Organization),
    ("أكاديمية", "EDU", ActorKind::Organization),
    ("شركة", "BUS", ActorKind::Organization),
    ("بنك", "BUS", ActorKind::Organization),
    ("مصرف", "BUS", ActorKind::Organization),
    ("مجموعة", "", ActorKind::Organization),
    ("منظمة", "", ActorKind::Organization),
    ("مجلس", "", ActorKind::Organization),
    ("وكالة", "", ActorKind::Organization),
    ("هيئة", "", ActorKind::Organization),
    ("جمعية", "", ActorKind::Organization),
    ("رابطة", "", ActorKind::Organization),
    ("نقابة", "LAB", ActorKind::Organization),
    ("اتحاد", "", ActorKind::Organization),
    ("نادي", "", ActorKind::Organization),
    ("لجنة", "", ActorKind::Organization),
    ("مؤسسة", "", ActorKind::Organization),
    ("صحيفة", "MED", ActorKind::Media),
    ("جريدة", "MED", ActorKind::Media),
    ("مجلة", "MED", ActorKind::Media),
    ("قناة", "MED", ActorKind::Media),
    ("إذاعة", "MED", ActorKind::Media),
    ("حركة", "", ActorKind::Organization),
    ("جبهة", "", ActorKind::Organization),
    ("تنظيم", "", ActorKind::ArmedGroup),
    ("محكمة", "JUD", ActorKind::Organization),
    ("جيش", "MIL", ActorKind::Organization),
    ("كتائب", "", ActorKind::ArmedGroup),
    ("ميليشيا", "", ActorKind::ArmedGroup),
];

/// Heads whose complement is the name itself, set beside a descriptor
/// ("the newspaper Al-Ahram", "the movement Taliban"): the name reported
/// is the complement. Other heads take the complement as a genitive (حزب
/// الله، جامعة القاهرة) and the whole phrase is the name. Written by us.
#[rustfmt::skip]
const AR_APPOSITIVE_HEADS: &[&str] = &[
    "صحيفة", "جريدة", "مجلة", "قناة", "إذاعة", "حركة", "شركة", "نادي", "تنظيم", "مجموعة",
];

/// Words that end an organisation's complement: time words that follow a
/// name in a sentence (مجلس الأمن الأسبوع المقبل). Written by us.
#[rustfmt::skip]
const AR_COMPLEMENT_STOP: &[&str] = &[
    "الأسبوع", "الشهر", "العام", "اليوم", "الماضي", "المقبل", "القادم", "الحالي", "الجاري",
    "المنصرم", "الأخير", "الأول", "الثاني", "أمس", "مساء", "صباح", "ظهر", "الذي", "التي",
];

/// A name this module found, as token and char ranges of one field.
#[derive(Debug, Clone)]
struct Found {
    field: usize,
    first: usize,
    end: usize,
    start: usize,
    stop: usize,
    kind: ActorKind,
    country: Option<String>,
    role: Option<String>,
    confidence: f64,
    /// Normalised words, proclitics removed: the id and the surname.
    words: Vec<String>,
}

/// Finds unknown persons and organisations (module doc). Built once with
/// the tagger; read-only afterwards.
#[derive(Debug)]
pub(super) struct NameFinder {
    /// Given names, surnames, place-like names (`data/names/`).
    names: Arc<Names>,
    /// Demonyms and the nationality matcher (`data/countries/`).
    countries: Arc<Countries>,
    en_stop: FastSet,
    en_not_person: FastSet,
    en_title_words: FastSet,
    en_honorifics: FastSet,
    en_role_cues: FastSet,
    en_say: FastSet,
    en_particles: FastSet,
    en_org_heads: FastMap<String, &'static str>,
    ar_stop: FastSet,
    ar_say: FastSet,
    ar_titles: FastSet,
    ar_after_say: FastSet,
    ar_divine: FastSet,
    ar_adjectives: FastSet,
    ar_org_heads: FastMap<String, (&'static str, ActorKind)>,
    ar_appositive: FastSet,
    ar_complement_stop: FastSet,
}

/// One field as the rules see it.
struct Scan<'a> {
    fi: usize,
    field: &'a AnalyzedField,
    text: FieldText<'a>,
    blocked: &'a [bool],
    /// Nationality adjective starting at a token: (end token, country index).
    nat: Vec<Option<(usize, u16)>>,
}

impl<'a> Scan<'a> {
    fn tok(&self, i: usize) -> &'a Token {
        &self.field.tokens[i]
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.slice(start, end)
    }

    fn orig(&self, i: usize) -> &'a str {
        let t = self.tok(i);
        self.slice(t.span.start, t.span.end)
    }

    /// Text between tokens `a` and `a + 1`.
    fn gap(&self, a: usize) -> &'a str {
        self.slice(
            self.tok(a).span.end,
            self.field.tokens[a + 1]
                .span
                .start
                .max(self.tok(a).span.end),
        )
    }

    /// Token `b` directly follows `a` in the same sentence, only spaces between.
    fn joined(&self, a: usize, b: usize) -> bool {
        b < self.field.tokens.len()
            && self.tok(a).sentence == self.tok(b).sentence
            && self.gap(a).chars().all(char::is_whitespace)
    }

    fn free(&self, i: usize) -> bool {
        i < self.field.tokens.len() && !self.blocked[i]
    }

    /// All letters uppercase and more than one of them (`NATO`, `JAPAN`).
    fn shouting(&self, i: usize) -> bool {
        let o = self.orig(i);
        o.chars().filter(|c| c.is_alphabetic()).count() > 1 && !o.chars().any(char::is_lowercase)
    }
}

/// The proclitic readings of an Arabic token ([`arabic::proclitic_readings`])
/// as (chars stripped, rest), the rest keeping at least `min` letters.
fn proclitics(norm: &str, min: usize) -> impl Iterator<Item = (usize, &str)> {
    arabic::proclitic_readings(norm, min).map(|r| (r.stripped, r.stem))
}

/// [`proclitics`] for names: the rest keeps [`arabic::MIN_STEM_CHARS`] letters.
fn proclitic_readings(norm: &str) -> impl Iterator<Item = (usize, &str)> {
    proclitics(norm, arabic::MIN_STEM_CHARS)
}

impl NameFinder {
    /// Builds the finder over the shared name lists and country tables of
    /// `lexicon`, with its own word lists.
    pub(super) fn new(lexicon: &Lexicon) -> Self {
        let set = |words: &[&str]| words.iter().map(|w| normalize(w)).collect::<FastSet>();
        let mut ar_adjectives = set(AR_ADJECTIVES);
        for d in lexicon.countries.demonyms() {
            if is_arabic_word(&normalize(&d.form).replace(' ', "")) {
                for f in nisba_forms(&d.form) {
                    ar_adjectives.insert(normalize(&f));
                }
            }
        }
        Self {
            names: Arc::clone(&lexicon.names),
            countries: Arc::clone(&lexicon.countries),
            en_stop: set(EN_STOP),
            en_not_person: set(EN_NOT_PERSON),
            en_title_words: set(EN_TITLE_WORDS),
            en_honorifics: set(EN_HONORIFICS),
            en_role_cues: set(EN_ROLE_CUES),
            en_say: set(EN_SAY),
            en_particles: set(EN_PARTICLES),
            en_org_heads: EN_ORG_HEADS
                .iter()
                .map(|(w, r)| (normalize(w), *r))
                .collect(),
            ar_stop: set(AR_STOP),
            ar_say: set(AR_SAY),
            ar_titles: set(AR_TITLES),
            ar_after_say: set(AR_AFTER_SAY),
            ar_divine: set(AR_DIVINE),
            ar_adjectives,
            ar_org_heads: AR_ORG_HEADS
                .iter()
                .map(|(w, r, k)| (normalize(w), (*r, *k)))
                .collect(),
            ar_appositive: set(AR_APPOSITIVE_HEADS),
            ar_complement_stop: set(AR_COMPLEMENT_STOP),
        }
    }

    /// Marks, per field, the tokens that `mentions` (char spans of actors
    /// already found) or `extra` (token ranges, e.g. agent phrases) cover.
    pub(super) fn blocked_tokens<'m>(
        fields: &[AnalyzedField],
        mentions: impl Iterator<Item = &'m Mention>,
        extra: &[(usize, std::ops::Range<usize>)],
    ) -> Vec<Vec<bool>> {
        let mut blocked: Vec<Vec<bool>> =
            fields.iter().map(|f| vec![false; f.tokens.len()]).collect();
        for m in mentions {
            let Some(fi) = fields.iter().position(|f| f.field == m.field) else {
                continue;
            };
            let toks = &fields[fi].tokens;
            let first = toks.partition_point(|t| t.span.end <= m.start);
            for (k, t) in toks.iter().enumerate().skip(first) {
                if t.span.start >= m.end {
                    break;
                }
                blocked[fi][k] = true;
            }
        }
        // Agent phrases block Arabic and lower-case words only: a
        // capitalised title word may begin an English name the title rules
        // handle here ("Governor Mervyn King", where "king" is a title too).
        for (fi, r) in extra {
            for k in r.clone() {
                if !fields[*fi].tokens[k].capitalized {
                    blocked[*fi][k] = true;
                }
            }
        }
        blocked
    }

    /// The persons and organisations of `fields` that no earlier rule took
    /// (`blocked`, from [`Self::blocked_tokens`]), as actors with source
    /// `name_pattern`; then adds lone-surname mentions to them and to
    /// `earlier` persons (title patterns) of two or more words.
    pub(super) fn find(
        &self,
        fields: &[AnalyzedField],
        texts: &[&str],
        blocked: &[Vec<bool>],
        earlier: &mut [Actor],
    ) -> Vec<Actor> {
        self.extend_title_names(fields, texts, blocked, earlier);
        let blocked = &Self::blocked_tokens(fields, earlier.iter().flat_map(|a| &a.mentions), &[])
            .into_iter()
            .zip(blocked)
            .map(|(a, b)| a.iter().zip(b).map(|(x, y)| *x || *y).collect())
            .collect::<Vec<Vec<bool>>>();
        let mut found: Vec<Found> = Vec::new();
        let mut scans = Vec::with_capacity(fields.len());
        for (fi, field) in fields.iter().enumerate() {
            let mut nat = vec![None; field.tokens.len()];
            for m in self.countries.nationalities().find(field) {
                nat[m.tokens.start] = Some((m.tokens.end, m.payloads[0]));
            }
            let scan = Scan {
                fi,
                field,
                text: FieldText::new(texts[fi]),
                blocked: &blocked[fi],
                nat,
            };
            self.english(&scan, &mut found);
            self.arabic(&scan, &mut found);
            scans.push(scan);
        }
        // A lone surname this rule found on its own ("Whitaker said") joins
        // the one longer name that ends with it.
        let mut full: HashMap<String, Option<Vec<String>>> = HashMap::new();
        for f in found
            .iter()
            .filter(|f| f.kind == ActorKind::Person && f.words.len() >= 2)
        {
            let e = full
                .entry(f.words.last().expect("two words").clone())
                .or_insert_with(|| Some(f.words.clone()));
            if e.as_ref() != Some(&f.words) {
                *e = None;
            }
        }
        for f in found
            .iter_mut()
            .filter(|f| f.kind == ActorKind::Person && f.words.len() == 1)
        {
            if let Some(Some(words)) = full.get(&f.words[0]) {
                f.words.clone_from(words);
                f.confidence = f.confidence.min(confidence::SURNAME);
            }
        }
        let mut actors: Vec<Actor> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for f in &found {
            let scan = &scans[f.field];
            let mention = Mention {
                field: scan.field.field,
                start: f.start,
                end: f.stop,
                text: scan.slice(f.start, f.stop).to_owned(),
            };
            let prefix = if f.kind == ActorKind::Person {
                "person"
            } else {
                "org"
            };
            let id = format!("ne:{prefix}:{}", f.words.join("-"));
            match index.get(&id) {
                Some(&k) => {
                    let a: &mut Actor = &mut actors[k];
                    a.confidence = a.confidence.max(f.confidence);
                    if a.country.is_none() {
                        a.country.clone_from(&f.country);
                    }
                    // The name is the fullest form seen.
                    if mention.text.chars().count() > a.name.chars().count() {
                        a.name.clone_from(&mention.text);
                    }
                    a.mentions.push(mention);
                }
                None => {
                    index.insert(id.clone(), actors.len());
                    actors.push(Actor {
                        id,
                        name: mention.text.clone(),
                        kind: f.kind,
                        code: None,
                        country: f.country.clone(),
                        role: f.role.clone(),
                        title: None,
                        date_rule: None,
                        confidence: f.confidence,
                        source: ActorSource::NamePattern,
                        mentions: vec![mention],
                    });
                }
            }
        }
        for a in &mut actors {
            if let (Some(c), Some(r)) = (&a.country, &a.role) {
                a.code = Some(format!("{c}{r}"));
            }
            if a.code.is_none() {
                a.role = None;
            }
        }
        self.surnames(&scans, &found, &mut actors, earlier);
        actors
    }

    /// Adds lone-surname mentions (module doc, "Surnames").
    fn surnames(
        &self,
        scans: &[Scan<'_>],
        found: &[Found],
        ours: &mut [Actor],
        earlier: &mut [Actor],
    ) {
        // Surname (normalised) → persons having it: (ours?, index).
        let mut by_surname: HashMap<String, Vec<(bool, usize)>> = HashMap::new();
        let mut taken: Vec<Vec<bool>> = scans.iter().map(|s| s.blocked.to_vec()).collect();
        for f in found {
            taken[f.field][f.first..f.end]
                .iter_mut()
                .for_each(|t| *t = true);
        }
        let surname_of = |words: &[String]| -> Option<String> {
            let last = words.last()?;
            (words.len() >= 2
                && last.chars().count() >= 3
                && !self.names.ar_given.get(last).copied().unwrap_or(false)
                && !self.en_stop.contains(last))
            .then(|| last.clone())
        };
        // Arabic news also names a person by the given name alone (بدأ نزار
        // يكتب): an unambiguous given name of one earlier chain.
        let mut by_given: HashMap<String, Vec<(bool, usize)>> = HashMap::new();
        let given_of = |words: &[String]| -> Option<String> {
            let first = words.first()?;
            (words.len() >= 2 && self.names.ar_given.get(first) == Some(&false))
                .then(|| first.clone())
        };
        for (k, a) in ours.iter().enumerate() {
            if a.kind != ActorKind::Person {
                continue;
            }
            let words: Vec<String> =
                a.id.trim_start_matches("ne:person:")
                    .split('-')
                    .map(str::to_owned)
                    .collect();
            if let Some(s) = surname_of(&words) {
                by_surname.entry(s).or_default().push((true, k));
            }
            if let Some(g) = given_of(&words) {
                by_given.entry(g).or_default().push((true, k));
            }
        }
        for (k, a) in earlier.iter().enumerate() {
            if a.kind != ActorKind::Person || a.source != ActorSource::TitlePattern {
                continue;
            }
            let words: Vec<String> = normalize(&a.mentions[0].text)
                .split(' ')
                .map(str::to_owned)
                .collect();
            if let Some(s) = surname_of(&words) {
                by_surname.entry(s).or_default().push((false, k));
            }
            if let Some(g) = given_of(&words) {
                by_given.entry(g).or_default().push((false, k));
            }
        }
        if by_surname.is_empty() && by_given.is_empty() {
            return;
        }
        for scan in scans {
            let toks = &scan.field.tokens;
            for (i, t) in toks.iter().enumerate() {
                if taken[scan.fi][i] {
                    continue;
                }
                let arabic = is_arabic_word(&t.norm);
                // Latin tokens have no proclitics; the readings stop at the bare token.
                let readings = proclitic_readings(&t.norm).take(if arabic { 3 } else { 1 });
                for (strip, rest) in readings {
                    let owners = by_surname
                        .get(rest)
                        .or_else(|| arabic.then(|| by_given.get(rest)).flatten());
                    let Some(owners) = owners else {
                        continue;
                    };
                    if owners.len() != 1 {
                        break;
                    }
                    if arabic && self.names.ar_places.contains(rest) {
                        break;
                    }
                    // A Latin surname is capitalised, stands alone, and is
                    // no place name.
                    if !arabic
                        && (!t.capitalized
                            || self.names.en_places.contains(rest)
                            || scan.shouting(i)
                            || (i > 0 && scan.joined(i - 1, i) && toks[i - 1].capitalized)
                            || (scan.joined(i, i + 1) && toks[i + 1].capitalized))
                    {
                        break;
                    }
                    let start = scan.field.orig_offset(i, strip);
                    let mention = Mention {
                        field: scan.field.field,
                        start,
                        end: t.span.end,
                        text: scan.slice(start, t.span.end).to_owned(),
                    };
                    let (is_ours, k) = owners[0];
                    let a = if is_ours {
                        &mut ours[k]
                    } else {
                        &mut earlier[k]
                    };
                    if !a.mentions.contains(&mention) {
                        a.mentions.push(mention);
                        a.confidence = a.confidence.max(confidence::SURNAME);
                    }
                    break;
                }
            }
        }
    }

    // ---- English -------------------------------------------------------

    fn english(&self, scan: &Scan<'_>, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        let cap = |i: usize| {
            scan.free(i) && toks[i].capitalized && is_latin_word(&toks[i].norm) && !scan.shouting(i)
        };
        let mut i = 0;
        while i < n {
            if !cap(i) {
                i += 1;
                continue;
            }
            // The run of capitalised words (and inner particles).
            let mut j = i + 1;
            while j < n {
                let prev = j - 1;
                let sep = scan.gap(prev);
                // "Young & Rubicam", and a possessive before an organisation
                // head ("Transport Worker's Union").
                let inner = sep.trim();
                let joined = toks[prev].sentence == toks[j].sentence
                    && (inner.is_empty()
                        || sep == "-"
                        || (inner == "." && toks[prev].norm.chars().count() == 1)
                        || (inner == "&" && cap(j))
                        || (matches!(inner, "'s" | "\u{2019}s")
                            && cap(j)
                            && self.en_org_heads.contains_key(toks[j].norm.as_str())));
                if !joined {
                    break;
                }
                if cap(j) {
                    j += 1;
                } else if scan.free(j)
                    && self.en_particles.contains(&toks[j].norm)
                    && cap(j + 1)
                    && {
                        let s = scan.gap(j);
                        s.chars().all(char::is_whitespace) || s == "-"
                    }
                {
                    j += 2;
                } else {
                    break;
                }
            }
            self.english_run(scan, i, j, out);
            i = j;
        }
    }

    /// Classifies the capitalised run `a..b` (module doc).
    fn english_run(&self, scan: &Scan<'_>, mut a: usize, b: usize, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        // Leading function words.
        while a < b && self.en_stop.contains(norm(a)) {
            a += 1;
        }
        if a >= b {
            return;
        }
        // Organisation: a head word in the run.
        if let Some(h) = (a..b)
            .rev()
            .find(|&k| self.en_org_heads.contains_key(norm(k)))
        {
            self.english_org(scan, a, b, h, out);
            return;
        }
        // Titles and honorifics: "Foreign Minister", "Mr".
        let mut cue = false;
        let mut k = a;
        while k < b
            && (self.en_honorifics.contains(norm(k)) || self.en_title_words.contains(norm(k)))
        {
            cue |= self.en_honorifics.contains(norm(k));
            k += 1;
        }
        if cue {
            a = k;
        }
        if a >= b || self.en_not_person.contains(norm(a)) {
            return;
        }
        if a > 0 && !cue {
            let before = a - 1;
            cue = scan.joined(before, a)
                && (self.en_role_cues.contains(norm(before))
                    || self.en_honorifics.contains(norm(before)));
        }
        let len = b - a;
        let initial = toks[a].norm.chars().count() == 1 && len >= 2;
        let given = self.names.latin_given.contains(norm(a));
        let say_after = b < toks.len() && scan.joined(b - 1, b) && self.en_say.contains(norm(b));
        let say_before = a > 0 && scan.joined(a - 1, a) && self.en_say.contains(norm(a - 1));
        let surname = self.names.en_surnames.contains(norm(b - 1));
        // Single letters are initials only before a name.
        if toks[b - 1].norm.chars().count() == 1 {
            return;
        }
        let person = if cue {
            len <= 3
        } else if (given || initial) && (2..=4).contains(&len) {
            true
        } else {
            surname && (say_after || say_before) && len <= 3
        };
        if !person {
            return;
        }
        let words: Vec<String> = (a..b).map(|k| toks[k].norm.clone()).collect();
        if self.names.en_places.contains(&words.join(" ")) {
            return;
        }
        let conf = if cue {
            confidence::WITH_CUE
        } else {
            confidence::SHAPE
        };
        out.push(Found {
            field: scan.fi,
            first: a,
            end: b,
            start: toks[a].span.start,
            stop: toks[b - 1].span.end,
            kind: ActorKind::Person,
            country: None,
            role: None,
            confidence: conf,
            words,
        });
    }

    fn english_org(&self, scan: &Scan<'_>, a: usize, b: usize, head: usize, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        let mut end = b;
        // "Bank of England", "Ministry of the Interior".
        if head == b - 1 && b + 1 < n && toks[b].norm == "of" && scan.joined(b - 1, b) {
            let mut k = b + 1;
            if k < n && toks[k].norm == "the" && scan.joined(b, k) {
                k += 1;
            }
            let from = k;
            while k < n
                && scan.free(k)
                && toks[k].capitalized
                && !scan.shouting(k)
                && scan.joined(k - 1, k)
                && is_latin_word(&toks[k].norm)
            {
                k += 1;
            }
            if k > from {
                end = k;
            }
        }
        // A head word alone is not a name.
        if end - a < 2 {
            return;
        }
        let mut country = None;
        for k in a..end {
            if let Some((e, c)) = scan.nat[k]
                && e <= end
            {
                country = Some(self.countries.nationality_codes()[c as usize].clone());
                break;
            }
        }
        let role = self.en_org_heads[toks[head].norm.as_str()];
        let kind = match role {
            "MED" => ActorKind::Media,
            "PTY" => ActorKind::Party,
            _ => ActorKind::Organization,
        };
        out.push(Found {
            field: scan.fi,
            first: a,
            end,
            start: toks[a].span.start,
            stop: toks[end - 1].span.end,
            kind,
            country,
            role: (!role.is_empty()).then(|| role.to_owned()),
            confidence: confidence::SHAPE,
            words: (a..end).map(|k| toks[k].norm.clone()).collect(),
        });
    }

    // ---- Arabic --------------------------------------------------------

    /// A function word, verb of saying, time or place word, bare or after
    /// proclitics (وقال، بهذا).
    fn ar_stop(&self, norm: &str) -> bool {
        proclitics(norm, 2).any(|(_, r)| self.ar_stop.contains(r))
    }

    /// A place name (بلجيكا، الحديدة), bare or after proclitics: it ends an
    /// Arabic name chain and is never a lone surname («سليمان بلجيكا» is no
    /// person; a later «بلجيكا» is the country).
    pub(super) fn ar_place(&self, norm: &str) -> bool {
        proclitics(norm, 2).any(|(_, r)| self.names.ar_places.contains(r))
    }

    fn arabic(&self, scan: &Scan<'_>, out: &mut Vec<Found>) {
        let toks = &scan.field.tokens;
        let n = toks.len();
        // Nationality adjectives: token → (end, country index).
        let nat = &scan.nat;
        let mut i = 0;
        while i < n {
            if !scan.free(i) || !is_arabic_word(&toks[i].norm) {
                i += 1;
                continue;
            }
            if let Some(next) = self.arabic_org(scan, nat, i, out) {
                i = next;
                continue;
            }
            if let Some(next) = self.arabic_person(scan, nat, i, out) {
                i = next;
                continue;
            }
            i += 1;
        }
    }

    /// A name chain starting at `i`; returns the token after it.
    fn arabic_person(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        i: usize,
        out: &mut Vec<Found>,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        if self.ar_stop(norm(i)) {
            return None;
        }
        // علي written with ى is the preposition.
        let is_ala = |k: usize| scan.orig(k).ends_with('ى') && norm(k) == "علي";
        let divine_at =
            |k: usize| scan.free(k) && scan.joined(k - 1, k) && self.ar_divine.contains(norm(k));
        // The first element: (strip, end token, ambiguous, words).
        let mut start = None;
        for (strip, rest) in proclitic_readings(norm(i)) {
            if rest == "عبد" && divine_at(i + 1) {
                start = Some((strip, i + 2, false, vec![format!("عبد{}", norm(i + 1))]));
                break;
            }
            // A kunya: أبو + a given name (أبو خليل القباني).
            if rest == "ابو"
                && scan.free(i + 1)
                && scan.joined(i, i + 1)
                && self.names.ar_given.get(norm(i + 1)) == Some(&false)
            {
                start = Some((strip, i + 2, false, vec![format!("ابو{}", norm(i + 1))]));
                break;
            }
            if let Some(&word) = self.names.ar_given.get(rest) {
                if is_ala(i) {
                    return None;
                }
                start = Some((strip, i + 1, word, vec![rest.to_owned()]));
                break;
            }
        }
        // A title or role noun right before (اللاعب، المدرب، الشيخ) makes any
        // plausible word a name and lifts the doubt of an ambiguous one.
        // Up to two adjectives may stand between (اللاعب البرتغالي كريستيانو).
        let title_before = {
            let mut k = i;
            let mut adjectives = 0;
            loop {
                if k == 0 || !scan.joined(k - 1, k) {
                    break false;
                }
                let w = norm(k - 1);
                if proclitics(w, 3).any(|(_, r)| self.ar_titles.contains(r)) {
                    break true;
                }
                let adjective = w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه"));
                if !adjective || adjectives == 2 {
                    break false;
                }
                adjectives += 1;
                k -= 1;
            }
        };
        let unknown_ok = |w: &str| {
            let n = w.chars().count();
            let article =
                w.starts_with("ال") || ["بال", "لل", "كال"].iter().any(|p| w.starts_with(p));
            // Accusative adverbs and feminine nouns (استنادا، نتيجة) and verb
            // shapes (يواجه، استقدم) are not names.
            let noun_or_verb = w.ends_with(['ا', 'ه'])
                || w.starts_with("است")
                || (w.starts_with(['ي', 'ت', 'ن']) && n >= 4);
            n >= 3 && !article && !noun_or_verb
        };
        let unknown_start = start.is_none();
        if unknown_start
            && title_before
            && nat[i].is_none()
            && unknown_ok(norm(i))
            && !self.ar_place(norm(i))
        {
            start = Some((0, i + 1, false, vec![norm(i).to_owned()]));
        }
        let (strip, mut end, ambiguous, mut words) = start?;
        let ambiguous = ambiguous && !title_before;
        let mut strong_second = false;
        let mut weak_second = false;
        let mut elements = 1;
        while elements < 4 && scan.free(end) && scan.joined(end - 1, end) {
            let w = norm(end);
            if !is_arabic_word(w)
                || self.ar_stop(w)
                || self.ar_place(w)
                || nat[end].is_some()
                || is_ala(end)
            {
                break;
            }
            if let Some(k) = self.particle_at(scan, nat, end) {
                words.push((end..k).map(&norm).collect::<Vec<_>>().join(""));
                end = k;
                strong_second = true;
            } else if w == "عبد" && divine_at(end + 1) {
                words.push(format!("عبد{}", norm(end + 1)));
                end += 2;
                strong_second = true;
            } else if self.names.ar_given.contains_key(w) {
                // A word-like given name only as the second element
                // (محمد حسن), not at the end of a long chain (… أمل).
                if self.names.ar_given[w] && elements >= 2 {
                    break;
                }
                words.push(w.to_owned());
                end += 1;
                strong_second |= !self.names.ar_given[w];
                weak_second |= self.names.ar_given[w];
            } else if w.starts_with("ال") {
                let nisba =
                    w.ends_with('ي') && w.chars().count() >= 5 && !self.ar_adjectives.contains(w);
                // After an unambiguous given name, a definite word that is
                // no adjective is the family name (توفيق الحكيم); it ends
                // the chain.
                let family = elements == 1
                    && !ambiguous
                    && w.chars().count() >= 4
                    && !self.ar_adjectives.contains(w)
                    && !w.ends_with('ي')
                    && !w.ends_with("ات")
                    && !w.ends_with("ون")
                    && !w.ends_with("ين");
                if nisba {
                    strong_second = true;
                } else if family {
                    weak_second = true;
                } else {
                    break;
                }
                words.push(w.to_owned());
                end += 1;
                if family {
                    elements += 1;
                    break;
                }
            } else if elements == 1
                && !unknown_start
                && w.chars().count() >= 3
                && !w.ends_with("ين")
                && !w.ends_with("ون")
                && !w.ends_with("ات")
                && !w.starts_with(CONJUNCTIONS)
                && !["بال", "لل", "كال"].iter().any(|p| w.starts_with(p))
                && !(w.chars().count() >= 4
                    && ["ها", "هم", "هما", "كم"].iter().any(|p| w.ends_with(p)))
                && !(w.starts_with(['ي', 'ت', 'ن']) && w.chars().count() >= 4)
            {
                // An unknown word right after the given name: the family
                // name; nothing follows it.
                words.push(w.to_owned());
                end += 1;
                weak_second = true;
                elements += 1;
                break;
            } else {
                break;
            }
            elements += 1;
        }
        let say_before = i > 0
            && scan.joined(i - 1, i)
            && self.ar_say.contains(
                norm(i - 1)
                    .strip_prefix(CONJUNCTIONS)
                    .filter(|r| self.ar_say.contains(*r))
                    .unwrap_or(norm(i - 1)),
            );
        let accept = if elements >= 2 {
            !ambiguous || strong_second || say_before || (weak_second && elements >= 3)
        } else {
            // A lone given name after a verb of saying, before a boundary.
            let boundary = end >= toks.len()
                || toks[end].sentence != toks[i].sentence
                || !scan.joined(end - 1, end)
                || self.ar_after_say.contains(norm(end));
            say_before && boundary && strip == 0
        };
        let accept = accept || (title_before && (elements >= 2 || strip == 0));
        if !accept {
            return None;
        }
        let conf = if say_before || title_before {
            confidence::WITH_CUE
        } else {
            confidence::SHAPE
        };
        out.push(Found {
            field: scan.fi,
            first: i,
            end,
            start: scan.field.orig_offset(i, strip),
            stop: toks[end - 1].span.end,
            kind: ActorKind::Person,
            country: None,
            role: None,
            confidence: conf,
            words,
        });
        Some(end)
    }

    /// A name particle and what it binds at token `k` (بن راشد، بن عبد الله،
    /// بن أبي وقاص، آل ثاني، أبو بكر, عبد الله); returns the token after it.
    fn particle_at(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        k: usize,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |t: usize| toks[t].norm.as_str();
        let namey = |t: usize| {
            scan.free(t)
                && scan.joined(t - 1, t)
                && is_arabic_word(norm(t))
                && !self.ar_stop(norm(t))
                && nat[t].is_none()
        };
        let w = norm(k);
        if w == "عبد" {
            return (namey(k + 1) && self.ar_divine.contains(norm(k + 1))).then_some(k + 2);
        }
        if !matches!(w, "بن" | "ابن" | "ابو" | "ابي" | "ال" | "بنت") || !namey(k + 1)
        {
            return None;
        }
        // A second particle right after: بن عبد الله، بن أبي وقاص.
        if let Some(e) = (matches!(norm(k + 1), "عبد" | "ابو" | "ابي"))
            .then(|| self.particle_at(scan, nat, k + 1))
            .flatten()
        {
            return Some(e);
        }
        Some(k + 2)
    }

    /// Extends names a title pattern caught (2–3 words) by the particles
    /// and given names that follow them (الشيخ حمد بن فيصل آل ثاني).
    pub(super) fn extend_title_names(
        &self,
        fields: &[AnalyzedField],
        texts: &[&str],
        blocked: &[Vec<bool>],
        earlier: &mut [Actor],
    ) {
        for a in earlier
            .iter_mut()
            .filter(|a| a.source == ActorSource::TitlePattern)
        {
            let Some(m) = a.mentions.first().cloned() else {
                continue;
            };
            let Some(fi) = fields.iter().position(|f| f.field == m.field) else {
                continue;
            };
            let field = &fields[fi];
            let toks = &field.tokens;
            let last = toks.partition_point(|t| t.span.end <= m.end.saturating_sub(1));
            if last >= toks.len() || !is_arabic_word(&toks[last].norm) {
                continue;
            }
            let scan = Scan {
                fi,
                field,
                text: FieldText::new(texts[fi]),
                blocked: &blocked[fi],
                nat: Vec::new(),
            };
            let nat = vec![None; toks.len()];
            // The capture may have stopped on the particle itself (حمد بن).
            let mut end = if self.particle_at(&scan, &nat, last).is_some() {
                last
            } else {
                last + 1
            };
            let mut added = 0;
            // Only through a particle: a bare given name after a name may
            // start a new phrase.
            while added < 3 && end < toks.len() && scan.joined(end - 1, end) {
                let Some(k) = self.particle_at(&scan, &nat, end) else {
                    break;
                };
                added += k - end.max(last + 1);
                end = k;
            }
            if added == 0 {
                continue;
            }
            let stop = toks[end - 1].span.end;
            let text = scan.slice(m.start, stop).to_owned();
            a.name = text.clone();
            a.mentions[0] = Mention {
                field: m.field,
                start: m.start,
                end: stop,
                text,
            };
        }
    }

    /// An organisation name starting at `i`; returns the token after it.
    fn arabic_org(
        &self,
        scan: &Scan<'_>,
        nat: &[Option<(usize, u16)>],
        i: usize,
        out: &mut Vec<Found>,
    ) -> Option<usize> {
        let toks = &scan.field.tokens;
        let norm = |k: usize| toks[k].norm.as_str();
        let mut head = None;
        // لل + head: ل + ال + head (للاتحاد).
        if let Some(bare) = norm(i).strip_prefix("لل")
            && let Some(&(role, kind)) = self.ar_org_heads.get(bare)
        {
            head = Some((1, bare.to_owned(), role, kind, true));
        }
        for (strip, rest) in proclitic_readings(norm(i)) {
            if head.is_some() {
                break;
            }
            if let Some(&(role, kind)) = self.ar_org_heads.get(rest) {
                head = Some((strip, rest.to_owned(), role, kind, false));
                break;
            }
            if let Some(bare) = rest.strip_prefix("ال")
                && let Some(&(role, kind)) = self.ar_org_heads.get(bare)
            {
                head = Some((strip, bare.to_owned(), role, kind, true));
                break;
            }
        }
        let (strip, head_word, role, kind, definite) = head?;
        let feminine = head_word.ends_with('ه');
        let mut end = i + 1;
        let mut indefinite = 0;
        let mut definite_words = 0;
        let mut country = None;
        let mut words = vec![head_word];
        while end - i <= 5 && scan.free(end) && scan.joined(end - 1, end) {
            let w = norm(end);
            if let Some((_, c)) = nat[end] {
                // The adjective gives the country but is not part of the
                // name (حزب الله اللبناني).
                if definite_words > 0 || indefinite > 0 || definite {
                    country = Some(self.countries.nationality_codes()[c as usize].clone());
                }
                break;
            }
            if !is_arabic_word(w) || self.ar_stop(w) || self.ar_complement_stop.contains(w) {
                break;
            }
            // Verb shapes: استبعد…, …وا.
            let verb = w.starts_with("است") || (w.ends_with("وا") && w.chars().count() >= 4);
            if verb {
                break;
            }
            if w.starts_with("ال") && w.chars().count() >= 4 {
                definite_words += 1;
            } else if !definite
                && definite_words == 0
                && indefinite < 2
                && w.chars().count() >= 2
                && !w.starts_with(CONJUNCTIONS)
                && !(feminine && (w.ends_with('ه') || w.ends_with("يه")))
                && !(!feminine && (w.ends_with('ي') || w.ends_with("ين") || w.ends_with("ون")))
            {
                indefinite += 1;
            } else {
                break;
            }
            words.push(w.to_owned());
            end += 1;
        }
        let named = if definite {
            definite_words >= 2 || (definite_words == 1 && country.is_some())
        } else {
            definite_words + indefinite >= 1
        };
        if !named {
            return None;
        }
        let role = if role.is_empty() {
            None
        } else {
            Some(role.to_owned())
        };
        // A descriptor head before a proper name (صحيفة الأهرام), or any head
        // before a foreign name (شركة توتال, وكالة فرانس برس): the name is
        // the complement.
        let appositive = !definite
            && (self.ar_appositive.contains(&words[0]) || (indefinite > 0 && definite_words == 0));
        let (first, start) = if appositive {
            words.remove(0);
            (i + 1, toks[i + 1].span.start)
        } else {
            (i, scan.field.orig_offset(i, strip))
        };
        out.push(Found {
            field: scan.fi,
            first,
            end,
            start,
            stop: toks[end - 1].span.end,
            kind,
            country,
            role,
            confidence: confidence::SHAPE,
            words,
        });
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Field;

    use crate::stages::actors::tagger::tests::tagger;

    fn tag(text: &str) -> Vec<Actor> {
        let field = AnalyzedField::from_text(Field::Body, text);
        tagger().tag(&[field], &[text], None)
    }

    /// Name-pattern actors as (kind, mention texts).
    fn names(text: &str) -> Vec<(String, Vec<String>)> {
        tag(text)
            .into_iter()
            .filter(|a| a.source == ActorSource::NamePattern)
            .map(|a| {
                (
                    a.kind.as_str().to_owned(),
                    a.mentions.into_iter().map(|m| m.text).collect(),
                )
            })
            .collect()
    }

    fn person(mentions: &[&str]) -> (String, Vec<String>) {
        (
            "person".to_owned(),
            mentions.iter().map(|m| (*m).to_owned()).collect(),
        )
    }

    /// Every mention slices the original text at its offsets.
    fn assert_offsets(text: &str, actors: &[Actor]) {
        let chars: Vec<char> = text.chars().collect();
        for a in actors {
            for m in &a.mentions {
                assert_eq!(
                    chars[m.start..m.end].iter().collect::<String>(),
                    m.text,
                    "{m:?}"
                );
            }
        }
    }

    #[test]
    fn arabic_name_chain_with_particles_and_proclitic() {
        let text = "وصرح لسامر بن خليل آل حداد مصدر مطلع بأن الاتفاق تم.";
        let actors = tag(text);
        let p = actors
            .iter()
            .find(|a| a.source == ActorSource::NamePattern)
            .expect("a person");
        assert_eq!(p.kind, ActorKind::Person);
        // The proclitic ل is left out of the mention.
        assert_eq!(p.mentions[0].text, "سامر بن خليل آل حداد");
        assert_eq!(p.mentions[0].start, 6);
        assert!(p.confidence < 0.5, "below title patterns");
        assert_offsets(text, &actors);
    }

    #[test]
    fn arabic_family_names_of_typical_shapes() {
        // A nisba, a definite family name, an unknown word after a given name.
        for (text, name) in [
            ("وكان نادر الحسيني قد وصل", "نادر الحسيني"),
            ("كتب توفيق الحكيم مسرحيته", "توفيق الحكيم"),
            ("وأكد أن نادين قرداحي وصلت", "نادين قرداحي"),
        ] {
            assert_eq!(names(text), vec![person(&[name])], "{text}");
        }
        // A nationality adjective, a verb of saying and a preposition end the chain.
        assert_eq!(
            names("التقى سمير حداد السوري في دمشق"),
            vec![person(&["سمير حداد"])]
        );
    }

    #[test]
    fn arabic_given_names_that_are_words_need_more_evidence() {
        // أمل "hope", حسن "good", كامل "entire".
        for text in [
            "وعبر عن أمل كبير في التوصل إلى حل",
            "بحسن نية",
            "بسط سيادتها على كامل أراضيها",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        // … a second name element or a verb of saying gives it.
        assert_eq!(
            names("وقالت أمل الحسيني إن"),
            vec![person(&["أمل الحسيني"])]
        );
        assert_eq!(names("وقال حسن إن الوضع صعب"), vec![person(&["حسن"])]);
    }

    #[test]
    fn arabic_name_after_a_role_noun() {
        let text = "وسجل اللاعب البرتغالي رونالدينيو هدفين";
        assert_eq!(names(text), vec![person(&["رونالدينيو"])]);
        // An adjective right after the role noun is not a name.
        assert!(names("وقال المدرب الجديد إن").is_empty());
    }

    #[test]
    fn later_surname_is_the_same_person() {
        let text = "قال نادر الحسيني إن الاتفاق مهم. وأضاف الحسيني أن الجولة المقبلة حاسمة.";
        let actors = tag(text);
        assert_eq!(names(text), vec![person(&["نادر الحسيني", "الحسيني"])]);
        assert_offsets(text, &actors);
        let text = "John Whitaker said the deal was done. Whitaker added that talks go on.";
        assert_eq!(names(text), vec![person(&["John Whitaker", "Whitaker"])]);
        // Arabic: the given name alone, later, is the same person too; a
        // kunya (أبو + given name) starts a chain.
        let text =
            "كتب نادر الحسيني قصيدته الأولى. بدأ نادر يكتب وهو صغير، وكان أبو خليل القباني عمه.";
        let actors = tag(text);
        assert_eq!(
            names(text),
            vec![
                person(&["نادر الحسيني", "نادر"]),
                person(&["أبو خليل القباني"])
            ]
        );
        assert_offsets(text, &actors);
        // Two persons sharing the surname: the lone surname is left alone.
        let text = "John Whitaker and Mary Whitaker met. Whitaker said so.";
        let found = names(text);
        assert!(found.iter().all(|(_, m)| m.len() == 1), "{found:?}");
    }

    #[test]
    fn arabic_organisations_with_head_nouns() {
        let actors = tag("وأصدر حزب الأمة القومي السوري بيانا");
        let party = actors
            .iter()
            .find(|a| a.source == ActorSource::NamePattern)
            .expect("an organisation");
        // The nationality adjective gives the country, not the name.
        assert_eq!(
            (
                party.kind.as_str(),
                party.mentions[0].text.as_str(),
                party.country.as_deref(),
                party.code.as_deref()
            ),
            ("party", "حزب الأمة القومي", Some("SYR"), Some("SYRPTY"))
        );
        // A descriptor before a proper name: the name is the complement.
        assert_eq!(
            names("ونشرت صحيفة الوطن تقريرا"),
            vec![("media".to_owned(), vec!["الوطن".to_owned()])]
        );
        // A head with an adjective agreeing with it is no name.
        assert!(names("أسست شركة كبيرة مصنعا").is_empty());
        // With a proclitic: offsets skip it.
        let text = "وقال متحدث باسم لجامعة الزيتونة إن";
        let actors = tag(text);
        assert_offsets(text, &actors);
        assert!(
            actors.iter().any(
                |a| a.mentions[0].text == "جامعة الزيتونة" && a.kind == ActorKind::Organization
            ),
            "{actors:?}"
        );
    }

    #[test]
    fn english_persons() {
        for (text, name) in [
            ("John Whitaker met the minister.", "John Whitaker"),
            ("The report by J. Whitaker was late.", "J. Whitaker"),
            ("Talks failed, said Ahmed Qureshi.", "Ahmed Qureshi"),
            ("Mr Pemberton declined to comment.", "Pemberton"),
            ("United coach Ole Solskjaer smiled.", "Ole Solskjaer"),
            ("Gonzalez said the vote was fair.", "Gonzalez"),
            ("Abdel Fattah el-Masri arrived.", "Abdel Fattah el-Masri"),
        ] {
            assert_eq!(names(text), vec![person(&[name])], "{text}");
        }
        // Possessive: the 's is not part of the name.
        assert_eq!(
            names("Mary Whitaker's book sold well."),
            vec![person(&["Mary Whitaker"])]
        );
    }

    #[test]
    fn english_capitals_that_are_not_persons() {
        for text in [
            "JOHN WHITAKER WINS TITLE",
            "The Market Rallied On Monday.",
            "Hong Kong shares fell.",
            "But Whitaker was not there.",
            "Paris said nothing.",
        ] {
            assert!(
                names(text).iter().all(|(k, _)| k != "person"),
                "{text}: {:?}",
                names(text)
            );
        }
    }

    #[test]
    fn english_organisations() {
        for (text, name, kind) in [
            (
                "He works for the Bank of Lusaka now.",
                "Bank of Lusaka",
                "organization",
            ),
            (
                "Shares of Pemberton Holdings rose.",
                "Pemberton Holdings",
                "organization",
            ),
            ("The Green Valley Party won.", "Green Valley Party", "party"),
            ("He spoke to the Lusaka Times.", "Lusaka Times", "media"),
        ] {
            assert_eq!(
                names(text),
                vec![(kind.to_owned(), vec![name.to_owned()])],
                "{text}"
            );
        }
        // "&" and a possessive before the head stay inside the name.
        assert_eq!(
            names("He joined the Garment & Textile Worker's Union."),
            vec![(
                "organization".to_owned(),
                vec!["Garment & Textile Worker's Union".to_owned()]
            )]
        );
        // A head word alone is not a name.
        assert!(names("The Ministry said so.").is_empty());
        let actors = tag("The Egyptian Tourism Ministry said so.");
        let m = actors
            .iter()
            .find(|a| a.mentions[0].text.contains("Tourism Ministry"))
            .expect("the ministry");
        assert_eq!(m.code.as_deref(), Some("EGYGOV"), "{actors:?}");
    }

    #[test]
    fn blocked_tokens_cover_mentions_and_lowercase_agent_words() {
        let text = "the army of Mary Whitaker";
        let field = AnalyzedField::from_text(Field::Body, text);
        let m = Mention {
            field: Field::Body,
            start: 12,
            end: 16,
            text: "Mary".into(),
        };
        let blocked = NameFinder::blocked_tokens(
            std::slice::from_ref(&field),
            std::iter::once(&m),
            &[(0, 0..2), (0, 3..5)],
        );
        // "the army" blocked as an agent; "Mary" by the mention; the
        // capitalised "Whitaker" stays free.
        assert_eq!(blocked[0], vec![true, true, false, true, false]);
    }
}
