//! Machine-readable outputs: Atom feeds of new vacancies, `sitemap.xml` (an index past 50,000 URLs) and
//! `robots.txt`. Written directly (not through templates) with XML escaping.

use engine::vacancy::Vacancy;

use crate::model::SiteInfo;
use crate::text::escape::xml_escape;

/// Most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// An Atom feed of `vacancies` (newest first, already cut to size). `updated` is the build date-time.
pub fn atom(
    site: &SiteInfo,
    title: &str,
    feed_url: &str,
    home_url: &str,
    vacancies: &[&Vacancy],
    summary: impl Fn(&Vacancy) -> String,
    updated: &str,
) -> String {
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    o.push_str(&format!("<title>{}</title>\n", xml_escape(title)));
    o.push_str(&format!("<id>{}</id>\n", xml_escape(&site.absolute(feed_url))));
    o.push_str(&format!("<link rel=\"self\" href=\"{}\"/>\n", xml_escape(&site.absolute(feed_url))));
    o.push_str(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&site.absolute(home_url))));
    let newest = vacancies.first().map_or_else(|| updated.to_owned(), |v| v.date_posted.to_rfc3339_utc());
    o.push_str(&format!("<updated>{newest}</updated>\n<author><name>{}</name></author>\n", xml_escape(&site.title)));
    for v in vacancies {
        let url = site.absolute(&crate::urls::job(&v.district, &v.identifier));
        o.push_str("<entry>\n");
        o.push_str(&format!("<title>{} · {}</title>\n", xml_escape(&v.title), xml_escape(&v.hiring_organization.name)));
        o.push_str(&format!("<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&url), xml_escape(&url)));
        let ts = v.date_posted.to_rfc3339_utc();
        o.push_str(&format!("<published>{ts}</published>\n<updated>{ts}</updated>\n"));
        o.push_str(&format!("<summary>{}</summary>\n", xml_escape(&summary(v))));
        o.push_str("</entry>\n");
    }
    o.push_str("</feed>\n");
    o
}

/// The sitemap files: `[("sitemap.xml", …)]`, or an index plus `sitemap-N.xml` files past the limit.
pub fn sitemaps(site: &SiteInfo, pages: &[(String, Option<String>)]) -> Vec<(String, String)> {
    let urlset = |chunk: &[(String, Option<String>)]| {
        let mut o = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (url, lastmod) in chunk {
            o.push_str(&format!("<url><loc>{}</loc>", xml_escape(&site.absolute(url))));
            if let Some(l) = lastmod {
                o.push_str(&format!("<lastmod>{l}</lastmod>"));
            }
            o.push_str("</url>\n");
        }
        o.push_str("</urlset>\n");
        o
    };
    if pages.len() <= SITEMAP_LIMIT {
        return vec![("sitemap.xml".into(), urlset(pages))];
    }
    let mut files = Vec::new();
    let mut index =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in pages.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", xml_escape(&site.absolute(&format!("/{name}")))));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// `robots.txt`: everything may be crawled; points to the sitemap.
pub fn robots(site: &SiteInfo) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.absolute("/sitemap.xml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_becomes_an_index_past_the_limit() {
        let site = crate::model::SiteInfo::for_tests("https://x.example");
        let pages: Vec<(String, Option<String>)> = (0..SITEMAP_LIMIT + 1).map(|i| (format!("/p/{i}/"), None)).collect();
        let files = sitemaps(&site, &pages);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(files[0].1.contains("<sitemapindex") && files[0].1.contains("<loc>https://x.example/sitemap-2.xml</loc>"));
        assert_eq!(files[1].1.matches("<url>").count(), SITEMAP_LIMIT);
        assert_eq!(files[2].1.matches("<url>").count(), 1);
        let small = sitemaps(&site, &pages[..3]);
        assert_eq!(small.len(), 1);
        assert!(small[0].1.contains("<urlset"));
    }
}
