//! HTML documents: the title and the readable text, scripts and styles dropped, entities decoded.

use scraper::{Html, Node};

/// The `<title>` (if any) and the text of an HTML page, one line per block element.
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    let doc = Html::parse_document(html);
    let mut title = None;
    let mut out = String::with_capacity(html.len() / 2);
    // An explicit stack instead of recursion: hostile pages nest deeply.
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        if closing {
            push_break(&mut out);
            continue;
        }
        match node.value() {
            Node::Text(t) => push_text(&mut out, t),
            Node::Element(e) => {
                let name = e.name();
                if name == "title" {
                    if title.is_none() {
                        let t: String = node
                            .descendants()
                            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                            .collect();
                        let t = collapse(&t);
                        if !t.is_empty() {
                            title = Some(t);
                        }
                    }
                    continue;
                }
                if matches!(name, "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "object")
                {
                    continue;
                }
                let block = is_block(name);
                if block {
                    push_break(&mut out);
                    stack.push((node, true));
                }
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, false));
                }
            }
            _ => {
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, false));
                }
            }
        }
    }
    let text = out.trim().to_string();
    (title, text)
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "pre"
            | "hr"
            | "main"
            | "nav"
            | "aside"
            | "figure"
            | "figcaption"
            | "dd"
            | "dt"
            | "dl"
            | "body"
    )
}

fn push_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{200C}' {
            if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_text_no_scripts_entities_decoded() {
        let (title, text) = html_to_text(
            "<html><head><title>تاریخ &amp; قره‌باغ</title><style>p{}</style></head>\
             <body><p>سلام <b>دنیا</b></p><script>alert(1)</script><p>&lt;script&gt; ۱۸۱۳</p></body></html>",
        );
        assert_eq!(title.as_deref(), Some("تاریخ & قره‌باغ"));
        assert_eq!(text, "سلام دنیا\n<script> ۱۸۱۳");
    }
}
