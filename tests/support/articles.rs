//! Generated raw articles: short Arabic and English news paragraphs we wrote
//! for tests, varied by index so every id and body differs.

const AR: &[&str] = &[
    "قال وزير الخارجية المصري في القاهرة إن المحادثات مع الجانب الليبي ستستمر الأسبوع المقبل.",
    "أعلنت الأمم المتحدة أن مبعوثها إلى ليبيا سيزور طرابلس وبنغازي خلال الأيام القادمة.",
    "شهدت العاصمة التونسية تظاهرات للمطالبة بإصلاحات اقتصادية، وفق ما نقلت وسائل إعلام محلية.",
    "التقى الرئيس الجزائري وفداً من الاتحاد الأفريقي لبحث الأوضاع في منطقة الساحل.",
    "ذكرت منظمة الصحة العالمية أن عدد الإصابات في اليمن ارتفع خلال الشهر الماضي.",
];
const EN: &[&str] = &[
    "The Egyptian foreign minister said in Cairo that talks with Libyan officials would resume next week.",
    "The United Nations said its envoy to Libya would visit Tripoli and Benghazi in the coming days.",
    "Protesters gathered in Tunis to demand economic reforms, local media reported.",
    "The World Health Organization said cases in Yemen rose sharply over the past month.",
];

/// Article `i` as a raw-article JSON line (no newline) and its id.
pub fn article(i: usize) -> (String, String) {
    let id = format!("gen-{i:06}");
    let arabic = i % 3 != 2;
    let pool = if arabic { AR } else { EN };
    let mut body = String::new();
    for k in 0..(3 + i % 5) {
        body.push_str(pool[(i + k) % pool.len()]);
        body.push('\n');
    }
    let record = serde_json::json!({
        "id": id,
        "body": body,
        "lang": if arabic { "ar" } else { "en" },
        "published_at": "2019-04-14T08:00:00Z",
        "source": "generated",
        "seq": i,
    });
    (id, record.to_string())
}
