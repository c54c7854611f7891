//! The founding essay: every rival name quoted in issue 5 resolves to its entity wherever the
//! essay writes it, and every span is a slice of the ORIGINAL text.

use sanad_entities::EntityFinder;
use sanad_text::{Analyzed, NormalizeOptions};

const ESSAY: &str = include_str!("../../../demo/karabakh-history.fa.txt");

/// (surface as the essay writes it, entity id)
const RIVAL_NAMES: &[(&str, &str)] = &[
    ("استپاناکرت", "stepanakert"),
    ("خان کندی", "stepanakert"),
    ("کارواچار", "kalbajar"),
    ("کلبجر", "kalbajar"),
    ("گنجه", "ganja"),
    ("کیروف آباد", "ganja"),
    ("کیروفآباد", "ganja"),
    ("خانلر", "goygol"),
    ("گویگول", "goygol"),
    ("آرتساخ", "karabakh"),
    ("قره باغ", "karabakh"),
    ("قرهباغ", "karabakh"),
    ("قره باغ کوهستانی", "karabakh"),
    ("ناگورنو- قره باغ", "karabakh"),
    ("ناگورنو- قرهباغ", "karabakh"),
    ("آران", "arran"),
    ("آلبانیای قفقاز", "caucasian_albania"),
    ("شوشی", "shusha"),
    ("شوشا", "shusha"),
    ("آغدام", "aghdam"),
    ("آقدام", "aghdam"),
    ("مطلب اف", "mutallibov"),
    ("مطلباف", "mutallibov"),
];

#[test]
fn every_rival_name_of_the_issue_resolves_in_the_essay() {
    let finder = EntityFinder::new();
    let doc = Analyzed::new(ESSAY, &NormalizeOptions::for_extraction());
    let found = finder.find(&doc, &[]);
    for m in &found {
        assert!(ESSAY.get(m.span.range()).is_some(), "span {:?} not on char boundaries", m.span);
    }
    for (surface, id) in RIVAL_NAMES {
        // Mentions whose text is the surface, or the surface after a generic head («شهر آقدام»,
        // «ایاز مطلب اف»); not other entities named after it («جنگ گنجه», «خانات قره باغ»).
        let hits: Vec<_> = found
            .iter()
            .filter(|m| {
                let text = &ESSAY[m.span.range()];
                m.value.origin != "model"
                    && (text == *surface
                        || ["شهر ", "شهرستان ", "منطقۀ ", "ایاز "]
                            .iter()
                            .any(|head| text == format!("{head}{surface}")))
            })
            .collect();
        assert!(!hits.is_empty(), "{surface:?} never found in the essay");
        for m in hits {
            assert_eq!(m.value.id.as_deref(), Some(*id), "{surface:?} at {:?}", m.span);
        }
    }
}
