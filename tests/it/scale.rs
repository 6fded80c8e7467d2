//! Lists that must stay small at any size: a site of 200 briefs gets a home
//! list in pages, a timeline split by year, and person pages that list the
//! newest entries and count the rest; every link among them still works.

use std::fs;

use crate::links::{assert_sound, crawl};
use crate::support::Site;

const SLUG: &str = "2025-02-12-alpha-beta-call";
const BRIEFS: usize = 200;

/// The `minimal` fixture with its brief copied `BRIEFS` times, each on its
/// own date (eight years apart at most), so the timeline has 400 rows.
fn many_briefs() -> Site {
    let site = Site::fixture("minimal");
    let brief = site.path(&format!("content/briefs/{SLUG}"));
    let yaml = site.read(&format!("content/briefs/{SLUG}/brief.yaml"));
    for i in 0..BRIEFS {
        let date = format!("{}-{:02}-{:02}", 2000 + i % 8, 1 + (i / 8) % 12, 1 + i % 28);
        let folder = site.path(&format!("content/briefs/{date}-copy-{i}"));
        fs::create_dir_all(&folder).unwrap();
        for lang in ["zh.md", "en.md"] {
            fs::copy(brief.join(lang), folder.join(lang)).unwrap();
        }
        fs::write(folder.join("brief.yaml"), yaml.replace("2025-02-12", &date).replace("2025-02-20", &date)).unwrap();
    }
    fs::remove_dir_all(&brief).unwrap();
    site.build().success();
    site
}

#[test]
fn a_large_site_gets_pages_years_and_capped_lists_with_sound_links() {
    let site = many_briefs();
    let home = site.page("index.html");
    assert!(home.contains("href=\"page/2/index.html\""), "the first page links to the next");
    assert_eq!(home.matches("class=\"card brief-card\"").count(), 25, "25 briefs per page");
    assert!(site.public().join("page/8/index.html").is_file(), "200 briefs make 8 pages");
    assert!(!site.public().join("page/9/index.html").exists(), "and no more");
    let last = site.page("en/page/8/index.html");
    assert!(last.contains("href=\"../../page/7/index.html\""), "the last page links back:\n{last}");

    let timeline = site.page("timeline/index.html");
    for year in 2000..2008 {
        assert!(timeline.contains(&format!("href=\"../timeline/{year}/index.html\"")), "year {year} is linked");
        let page = site.page(&format!("timeline/{year}/index.html"));
        assert_eq!(page.matches("class=\"timeline-row").count(), 50, "year {year} has its 25 calls and 25 steps");
    }
    assert!(!timeline.contains("class=\"timeline-row"), "the overview lists years, not rows");

    let alpha = site.page("en/people/alpha/index.html");
    assert!(alpha.contains("Showing the newest 100 of 200."), "the person page counts what it leaves out");
    assert_eq!(alpha.matches("<tr>").count(), 101, "a header row and the newest 100 calls");
    assert_sound(&crawl(&site.public()));
}
