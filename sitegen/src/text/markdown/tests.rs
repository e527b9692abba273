use super::*;

fn html(s: &str) -> String {
    render(s, Trust::Untrusted).html
}

#[test]
fn formats_markdown_with_tables_and_footnotes() {
    let r = render("## 标题\n\n第一段[^1]。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: 注释\n", Trust::Author);
    assert!(r.html.contains("<h2>标题</h2>"), "{}", r.html);
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("footnote-definition"), "{}", r.html);
    assert_eq!(r.first_paragraph, "第一段。");
}

#[test]
fn headings_are_shifted_below_the_page_title() {
    assert!(render("# 一\n\n## 二", Trust::Author).html.contains("<h2>一</h2>\n<h3>二</h3>"));
    assert!(html("# 职责").contains("<h3>职责</h3>"));
}

#[test]
fn script_and_handlers_never_survive() {
    let attacks = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "<iframe src=//evil></iframe>",
        "<p onclick=alert(1)>x</p>",
        "<style>body{display:none}</style>",
        "<svg><script>alert(1)</script></svg>",
        "![x](https://tracker.example/p.gif)",
        "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
        "<div><p>ok</p></div><scr<script>ipt>alert(1)</script>",
    ];
    for a in attacks {
        let out = html(a).to_ascii_lowercase();
        for bad in ["<script", "onerror=", "onclick=", "javascript:", "<iframe", "<style", "<img", "<svg", "data:text"] {
            assert!(!out.contains(bad), "{a:?} gave {out:?}");
        }
    }
}

#[test]
fn allowed_formatting_is_kept() {
    let out =
        html("<p>第一行<br>第二行</p>\n\n<ul><li><strong>五险一金</strong></li></ul>\n\n<a href=\"https://example.com\" target=_blank>官网</a>");
    assert!(out.contains("<br>"), "{out}");
    assert!(out.contains("<li><strong>五险一金</strong></li>"), "{out}");
    assert!(out.contains("<a href=\"https://example.com\" rel=\"nofollow noopener\">官网</a>"), "{out}");
    let r = render("<p>见 <abbr title=\"就业困难人员\">困难</abbr></p>", Trust::Author);
    assert!(r.html.contains("<abbr title=\"就业困难人员\">困难</abbr>"), "{}", r.html);
}

#[test]
fn removed_markup_is_reported() {
    let r = render("<script>x</script><marquee>hi</marquee>", Trust::Untrusted);
    assert_eq!(r.removed, ["a <script> element", "a <marquee> tag"]);
    assert!(r.html.contains("hi"));
}

#[test]
fn images() {
    let r = render("![工位](/images/a.png)", Trust::Author);
    assert!(r.html.contains("<img src=\"/images/a.png\" alt=\"工位\" loading=\"lazy\">"), "{}", r.html);
    let r = render("![工位](/images/a.png)", Trust::Untrusted);
    assert!(r.html.contains("<span>工位</span>"), "{}", r.html);
}

#[test]
fn plain_text_keeps_words_and_structure_only() {
    let md = "第一段，有**重点**和[链接](https://a.example/x)。\n第二行\n\n## 标题\n\n- 甲\n- 乙\n\n<script>alert(1)</script>\n\n尾 <style>p{}</style>![图](/i.png)";
    assert_eq!(plain_text(md), "第一段，有重点和链接 (https://a.example/x)。 第二行\n\n标题\n\n• 甲\n• 乙\n\n尾");
    assert_eq!(plain_text(""), "");
    assert_eq!(plain_text("<https://a.example/>"), "https://a.example/");
}

#[test]
fn urls() {
    for ok in ["https://a.cn", "/x", "#f", "mailto:a@b.cn", "tel:12333", "a/b:c", "?q=a:b"] {
        assert!(safe_url(ok), "{ok}");
    }
    for bad in ["javascript:x", " JavaScript:x", "vbscript:x", "data:text/html,x", "file:///etc"] {
        assert!(!safe_url(bad), "{bad}");
    }
}

#[test]
fn image_alt_text_and_titles_cannot_break_out() {
    // The probe's finding: a quote in alt text closed the attribute and the page got `onerror`.
    for md in [
        "![x\" onerror=\"alert(1)](/a.png)",
        "![x`\"onerror=alert(1)`](/a.png)",
        "![a<b title='\"'> onerror=alert(1)](/a.png)",
        "![&quot; onerror=&quot;alert(1)](/a.png)",
        "![x](/a.png \"t\\\" onerror=\\\"alert(1)\")",
        "[x](/a \"t\\\" onmouseover=\\\"alert(1)\")",
    ] {
        for trust in [Trust::Author, Trust::Untrusted] {
            let out = render(md, trust).html;
            let tree = Tree::fragment(&out);
            for (id, _) in tree.walk() {
                if let Data::Element { attrs, .. } = &tree.nodes[id].data {
                    assert!(attrs.iter().all(|(k, _)| !k.starts_with("on")), "{md:?} {trust:?} gave {out}");
                }
            }
        }
    }
    let r = render("![x\" onerror=\"alert(1)](/a.png)", Trust::Author);
    assert_eq!(r.html, "<p><img src=\"/a.png\" alt=\"x&quot; onerror=&quot;alert(1)\" loading=\"lazy\"></p>\n");
}

#[test]
fn entities_in_raw_html_links_are_not_escaped_twice() {
    let out = html("<a href=\"https://a.example/?x=1&amp;y=2\">链接</a>");
    assert!(out.contains("href=\"https://a.example/?x=1&amp;y=2\""), "{out}");
    let out = render("[链接](https://a.example/?x=1&y=2)", Trust::Author).html;
    assert!(out.contains("href=\"https://a.example/?x=1&amp;y=2\""), "{out}");
}

#[test]
fn encoded_schemes_are_removed_and_reported() {
    for md in [
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" &#14; javascript:alert(1)\">x</a>",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x]: <javascript:alert(1)>\n\n[y][x]",
        "<javascript:alert(1)>",
    ] {
        let r = render(md, Trust::Author);
        assert!(!r.html.contains("href"), "{md:?} gave {}", r.html);
        assert!(r.removed.iter().any(|m| m.starts_with("a link to")), "{md:?}: {:?}", r.removed);
    }
}

#[test]
fn every_removal_is_reported_once_with_a_count() {
    let r = render("<p onclick=\"x()\" style=\"color:red\">a</p><font>b</font><font>c</font><svg><circle/></svg>", Trust::Author);
    assert_eq!(r.removed, ["an event handler on <p>", "a `style` attribute on <p>", "a <font> tag (2 times)", "a <svg> element"]);
    // Our own markup is never reported: tables with alignment, footnotes, code blocks, images, links.
    let md = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n脚注[^n]\n\n[^n]: 注\n\n```rust\nfn x() {}\n```\n\n![图](/i.png \"t\")\n\n[l](/x \"t\") <https://a.cn>\n\n1. x\n\n3. y";
    let r = render(md, Trust::Author);
    assert!(r.removed.is_empty(), "{:?}\n{}", r.removed, r.html);
    assert!(r.html.contains("style=\"text-align:") && r.html.contains("id=\"fn-n\"") && r.html.contains("href=\"#fn-n\""), "{}", r.html);
}

#[test]
fn ids_cannot_take_the_pages_own() {
    let out = render("<div id=\"main\">x</div>", Trust::Author).html;
    assert!(out.contains("id=\"fn-main\""), "{out}");
}

#[test]
fn protocol_relative_images_with_backslashes_are_not_relative() {
    for bad in [
        "//host/p.gif",
        "/\\host/p.gif",
        "\\\\host/p.gif",
        "\\/host/p.gif",
        " //host/p.gif",
        "\t/\\host",
        "https://h/p.gif",
        "data:image/png;base64,AA",
    ] {
        assert!(!relative_image(bad), "{bad:?}");
        // In markdown a backslash is written twice.
        let r = render(&format!("![x](<{}>)", bad.trim().replace('\\', "\\\\")), Trust::Author);
        assert!(!r.html.contains("<img"), "{bad:?} gave {}", r.html);
        let r = render(&format!("<img src=\"{bad}\" alt=x>"), Trust::Author);
        assert!(!r.html.contains("src="), "{bad:?} gave {}", r.html);
        assert!(r.removed.iter().any(|m| m.starts_with("an image from")), "{bad:?}: {:?}", r.removed);
    }
    for ok in ["/images/a.png", "a.png", "../b/c.png", "?x", "#y"] {
        assert!(relative_image(ok), "{ok}");
    }
    assert!(safe_url("/\\host/x") && !safe_url("java\u{0}script:x"));
}

#[test]
fn first_paragraph_joins_chinese_lines_and_skips_footnote_marks() {
    assert_eq!(render("第一行\n第二行[^1]，再见\n\n[^1]: x", Trust::Author).first_paragraph, "第一行第二行，再见");
    assert_eq!(render("one\ntwo <b>three</b>", Trust::Author).first_paragraph, "one two three");
    assert_eq!(render("<script>x</script>\n\n文字", Trust::Author).first_paragraph, "文字");
}

#[test]
fn forbidden_characters_never_reach_the_html() {
    let r = render("标\u{0}题\u{fffe}\u{1b}[2J", Trust::Untrusted);
    assert_eq!(r.html, "<p>标题[2J</p>\n");
}

#[test]
fn untrusted_links_are_nofollow_and_author_links_plain() {
    assert_eq!(html("[a](https://x.cn)"), "<p><a href=\"https://x.cn\" rel=\"nofollow noopener\">a</a></p>\n");
    assert_eq!(render("[a](/x)", Trust::Author).html, "<p><a href=\"/x\">a</a></p>\n");
    assert_eq!(render_html("[a](https://x.cn)", Trust::Untrusted), html("[a](https://x.cn)"));
}

#[test]
fn deep_nesting_is_shown_as_text_quickly() {
    let limit = std::time::Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 3 });
    for (what, text) in [
        ("divs", "<div>".repeat(20_000)),
        ("spans", "<span>".repeat(16_000)),
        ("quotes", "> ".repeat(50_000) + "x"),
        ("mixed", "<b id=1><i id=2><u>".repeat(5000)),
        ("closers", "<div></span>".repeat(8000)),
        ("tables", "x<table>".repeat(12_000)),
    ] {
        let t = std::time::Instant::now();
        let r = render(&text, Trust::Untrusted);
        let h = render_html(&text, Trust::Untrusted);
        assert!(t.elapsed() < limit, "{what}: {:?}", t.elapsed());
        assert!(h.len() < text.len() * 5 + 100, "{what}: escaping at most quintuples");
        if what != "tables" && what != "mixed" {
            assert!(r.removed.iter().any(|m| m.contains("nested deeper")), "{what}: {:?}", r.removed);
        }
    }
    // Nesting within the limit renders as usual.
    let ok = "> ".repeat(50) + "引用";
    assert!(render(&ok, Trust::Author).html.matches("<blockquote>").count() == 50);
}

/// Markdown without HTML of its own, every construct pulldown-cmark writes with the options we enable.
const PLAIN_MARKDOWN: &[&str] = &[
    "**岗位职责**\n\n- 负责产线自动化设备的安装、调试和维修\n- 执行设备预防性保养计划\n\n**任职要求**\n\n1. 大专及以上学历\n2. 3年以上相关工作经验",
    "# 一\n\n## 二\n\n### 三\n\n#### 四\n\n##### 五\n\n###### 六\n\nSetext\n======\n\n另一个\n------",
    "*em* _em_ **strong** __strong__ ~~del~~ ~del~ `code` ``a`b`` \\*not em\\*",
    "3. three\n4. four\n\n- a\n  - nested\n    1. deep\n\n* [ ] not a task\n\n+ plus",
    "> quote\n> > nested\n>\n> - list in quote\n\n---\n\n***\n\nline  \nhard break\\\nagain",
    "```rust\nfn main() {}\n<script>alert(1)</script>\n```\n\n    indented <b>code</b>\n\n~~~\ntilde\n~~~",
    "| 左 | 中 | 右 | 无 |\n|:---|:---:|---:|---|\n| 1 | 2 | 3 | 4 |\n| *a* | `b` | [c](https://c.cn) | |\n\n| 只有表头 |\n|---|",
    "正文[^1]，再引[^note]，又引[^1]。\n\n[^1]: 第一条 **粗体**\n[^note]: 第二条\n    多行",
    "[链接](https://example.com \"标题 \\\"引号\\\" & <尖括号>\") [相对](/jobs/?q=1&r=2#x) [片段](#top) [电话](tel:+86-20-1234) [邮件](mailto:a@b.cn)",
    "<https://auto.example/path?a=1&b='2'> <hr@company.example> www.not-auto.example",
    "[坏](javascript:alert(1)) [坏2](JAVASCRIPT:x) [坏3](java\tscript:x) [坏4](data:text/html,x) [坏5](vbscript:x) [ok](http://a.b/\"onmouseover=alert(1))",
    "![图](https://tracker.example/p.gif \"t\") ![](/assets/a.png) ![alt *em* `c`](x.png) [![嵌](a.png)](https://a.cn)",
    "引号 \"双\" '单' & 和 < 小于 > 大于 &amp; &lt;b&gt; &#60;script&#62; &copy; &nbsp;不换行\u{a0}空格 &#0; &#x110000;",
    "[ref]: https://ref.example \"Ref\"\n\n[引用链接][ref] 与 [ref] 与 [未定义][nope]",
    "文字\r\n跨行\r\n\r\n新段\u{2028}分隔\u{200b}零宽\u{feff}",
    "1) 括号\n2) 列表\n\n10. 十\n11. 十一\n\n- [链接项](https://l.cn)\n\n  第二段\n\n- 松散",
    "\\<script\\>转义\\</script\\> \\[不是链接\\](x) \\`不是代码\\`",
    // A link inside a link's text (pulldown-cmark writes both: the inner `</a>` closes both), and an
    // address with an escaped character reference (read back once, as the parser does).
    "[see <https://b.example> here](https://a.example) [x](http://a/\\&#x27;) [y](http://a/?q=1&amp;r='2')",
    // Found by the fuzz target: ammonia takes off an `href` whose host the `url` crate refuses.
    "[主机](https://c.军\u{fffd}cn) [端口](http://a.cn:99999/) [空主机](https://) [好](https://例子.cn/路径)",
    "a | b\n--|--\n`|` | \\|\n\n|x|\n|-|\n|<y>|",
];

#[test]
fn untrusted_markdown_without_html_is_what_ammonia_keeps() {
    // Every piece alone and every ordered pair: blocks meeting blocks of every kind.
    let mut texts: Vec<String> = PLAIN_MARKDOWN.iter().map(|s| s.to_string()).collect();
    for a in PLAIN_MARKDOWN {
        for b in PLAIN_MARKDOWN {
            texts.push(format!("{a}\n\n{b}"));
            texts.push(format!("- {a}\n- {b}"));
            texts.push(format!("> {a}\n\n{b}"));
        }
    }
    let (mut fast, mut odd) = (0, 0);
    for text in &texts {
        match check_unsanitized(text) {
            Ok(true) => {
                fast += 1;
                // And what a page shows is that HTML.
                let raw = to_html(text, Trust::Untrusted, true, &mut Vec::new()).html;
                assert_eq!(render_html(text, Trust::Untrusted), raw);
                assert_eq!(render(text, Trust::Untrusted).html, raw);
            }
            // Only the `<y>` and `\<script\>` pieces are HTML of their own (raw inline HTML), and one link
            // has a host the `url` crate refuses.
            Ok(false) => {
                let raw = to_html(text, Trust::Untrusted, true, &mut Vec::new());
                assert!(raw.markup || raw.odd_link, "{text:?} went to ammonia without HTML of its own");
                odd += usize::from(!raw.markup);
            }
            Err(e) => panic!("{e}"),
        }
    }
    eprintln!("{fast} of {} rendered without ammonia, {odd} for their links alone", texts.len());
    assert!(odd > 0, "no text went to ammonia for its links alone");
    assert!(fast > texts.len() / 2, "{fast} of {} rendered without ammonia", texts.len());
}

#[test]
fn untrusted_html_and_deep_nesting_still_go_to_ammonia() {
    for text in ["<b>粗</b>", "文字<br>换行", "<!-- 注释 -->", "<div>\n块\n</div>", "a <span>b</span>"] {
        assert!(to_html(text, Trust::Untrusted, true, &mut Vec::new()).markup, "{text:?}");
    }
    // Each `>` is a blockquote, and the `x` a paragraph in the innermost.
    let deep = "> ".repeat(MAX_DEPTH / 4) + "x";
    let raw = to_html(&deep, Trust::Untrusted, true, &mut Vec::new());
    assert!(!raw.markup && !needs_no_sanitizer(&raw, Trust::Untrusted), "depth {}", raw.depth);
    assert!(needs_no_sanitizer(&to_html(&("> ".repeat(MAX_DEPTH / 4 - 1) + "x"), Trust::Untrusted, true, &mut Vec::new()), Trust::Untrusted));
    // Author text (images shown, links without rel) always goes to ammonia.
    assert!(!needs_no_sanitizer(&to_html("纯文本", Trust::Author, true, &mut Vec::new()), Trust::Author));
}
