//! A deterministic corpus generator for benchmarks: a complete `brief` site
//! with N briefs, about 200 people and 50 organisations, each brief with
//! 2–4 calls (some with disputed durations), 3–6 quotes, next steps,
//! reactions, timeline events and about 1,000 words of mixed Chinese and
//! English Markdown per language. Same N, same bytes.
//!
//! ```text
//! cargo run --release --example corpus -- --briefs 10000 --out /dev/shm/corpus
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const PEOPLE: usize = 200;
const ORGS: usize = 50;

/// SplitMix64: tiny, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const HAN: &[&str] = &[
    "通话",
    "会晤",
    "谈判",
    "和平",
    "冲突",
    "总统",
    "外长",
    "安全",
    "合作",
    "制裁",
    "援助",
    "边界",
    "盟友",
    "会议",
    "声明",
    "立场",
    "分析",
    "局势",
    "关系",
    "经济",
    "能源",
    "军事",
    "外交",
    "协议",
    "政策",
    "地区",
    "国家",
    "发言人",
];
const LATIN: &[&str] = &[
    "talks",
    "summit",
    "ceasefire",
    "security",
    "alliance",
    "sanctions",
    "aid",
    "border",
    "energy",
    "meeting",
    "statement",
    "policy",
    "negotiation",
    "peace",
    "envoy",
    "minister",
    "conference",
    "agreement",
    "region",
    "trade",
];
const STATUSES: &[&str] = &["announced", "agreed", "expected", "possible", "considering", "scheduled", "proposed"];
const STANCES: &[&str] = &["welcoming", "supportive", "neutral", "cautious", "sceptical", "critical"];
const BLOCS: &[(&str, &str)] = &[
    ("美国", "United States"),
    ("俄罗斯", "Russia"),
    ("乌克兰", "Ukraine"),
    ("欧盟", "European Union"),
    ("英国", "United Kingdom"),
    ("联合国", "United Nations"),
];

fn main() {
    let mut briefs = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--briefs" => briefs = args.next().and_then(|v| v.parse().ok()).expect("--briefs N"),
            "--out" => out = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: corpus --briefs N --out DIR");
                std::process::exit(2);
            }
        }
    }
    let out = out.unwrap_or_else(|| {
        eprintln!("usage: corpus --briefs N --out DIR");
        std::process::exit(2);
    });
    generate(&out, briefs).expect("write corpus");
    println!("wrote {briefs} briefs, {PEOPLE} people and {ORGS} organisations to {}", out.display());
}

pub fn generate(out: &Path, briefs: usize) -> std::io::Result<()> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let content = out.join("content");
    fs::create_dir_all(content.join("people"))?;
    fs::create_dir_all(content.join("orgs"))?;
    copy_theme(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &out.join("themes/default"))?;
    fs::write(
        content.join("site.yaml"),
        "title: {zh: 基准测试简报, en: Benchmark briefs}\nlanguages: [zh, en]\ndefault_language: zh\n\
         base_url: https://bench.example.org/\ntheme: default\nas_of: 2025-06-01\n",
    )?;
    for i in 0..PEOPLE {
        let mut rng = Rng(i as u64 + 7);
        let yaml = format!(
            "name: {{zh: 人物{i}号, en: Person {i}}}\nrole: {{zh: {}官员, en: {} official}}\ncountry: {{zh: {}, en: {}}}\n\
             aliases: [P{i}, 人{i}]\naffiliation: org-{}\nbio: {{zh: 第{i}位人物的简介。, en: \"Short bio of person {i}.\"}}\n",
            rng.pick(HAN),
            rng.pick(LATIN),
            BLOCS[i % BLOCS.len()].0,
            BLOCS[i % BLOCS.len()].1,
            i % ORGS
        );
        fs::write(content.join(format!("people/person-{i}.yaml")), yaml)?;
    }
    for i in 0..ORGS {
        let yaml =
            format!("name: {{zh: 机构{i}, en: Organisation {i}}}\nrole: {{zh: 国际组织, en: International body}}\n");
        fs::write(content.join(format!("orgs/org-{i}.yaml")), yaml)?;
    }
    for b in 0..briefs {
        write_brief(&content, b, briefs)?;
    }
    Ok(())
}

fn copy_theme(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let target = to.join(entry.path().strip_prefix(from).expect("inside theme"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn slug(b: usize) -> String {
    let (month, day) = (1 + (b / 28) % 12, 1 + b % 28);
    format!("{}-{month:02}-{day:02}-brief-{b}", 2000 + (b / 336) % 25)
}

fn date_of(b: usize) -> String {
    slug(b)[..10].to_string()
}

fn person(rng: &mut Rng) -> String {
    format!("person-{}", rng.below(PEOPLE))
}

fn write_brief(content: &Path, b: usize, total: usize) -> std::io::Result<()> {
    let mut rng = Rng(0xB41E_F000 + b as u64);
    let dir = content.join("briefs").join(slug(b));
    fs::create_dir_all(&dir)?;
    let date = date_of(b);
    let mut y = String::with_capacity(8 * 1024);
    let _ = write!(
        y,
        "title: {{zh: 第{b}号简报：{}与{}, en: \"Brief {b}: {} and {}\"}}\ndate: {date}\n\
         summary: {{zh: 本简报记录{}方面的{}。, en: \"This brief records {} on {}.\"}}\n",
        rng.pick(HAN),
        rng.pick(HAN),
        rng.pick(LATIN),
        rng.pick(LATIN),
        rng.pick(HAN),
        rng.pick(HAN),
        rng.pick(LATIN),
        rng.pick(LATIN)
    );
    y.push_str(
        "highlights:\n  - text: {zh: 双方同意继续对话。, en: Both sides agreed to keep talking.}\n    source: s1\n",
    );
    y.push_str("calls:\n");
    for c in 0..rng.range(2, 4) {
        let (a, p) = (person(&mut rng), person(&mut rng));
        let p = if p == a {
            format!("person-{}", (rng.below(PEOPLE - 1) + 1 + a[7..].parse::<usize>().unwrap_or(0)) % PEOPLE)
        } else {
            p
        };
        let _ = write!(
            y,
            "  - id: call-{c}\n    participants: [{a}, {p}]\n    date: {date}\n    time_zone: {{zh: 协调世界时, en: UTC}}\n    duration:\n\
             \x20     - {{by: {a}, source: s1, said: {{zh: 超过一个小时, en: more than an hour}}, value: at least 60m}}\n"
        );
        if rng.below(3) == 0 {
            let _ = writeln!(
                y,
                "      - {{by: {p}, source: s2, said: {{zh: 近一个半小时, en: nearly ninety minutes}}, value: nearly 90m}}"
            );
        }
        let _ = write!(
            y,
            "    topics:\n      - {{text: {{zh: 讨论了{}。, en: \"They discussed {}.\"}}, by: {a}, source: s1}}\n\
             \x20   outcomes:\n      - {{text: {{zh: 同意{}。, en: \"They agreed on {}.\"}}, by: {p}, source: s2}}\n",
            rng.pick(HAN),
            rng.pick(LATIN),
            rng.pick(HAN),
            rng.pick(LATIN)
        );
    }
    y.push_str("quotes:\n");
    for _ in 0..rng.range(3, 6) {
        let _ = writeln!(
            y,
            "  - {{speaker: {}, original: en, text: {{zh: 我们将推动{}。, en: \"We will push for {}.\"}}, context: {{zh: 记者会上, en: at a press conference}}, source: s1}}",
            person(&mut rng),
            rng.pick(HAN),
            rng.pick(LATIN)
        );
    }
    y.push_str("next_steps:\n");
    for s in 0..rng.range(2, 4) {
        let when = if s == 0 { String::new() } else { format!("when: {date}, ") };
        let _ = writeln!(
            y,
            "  - {{what: {{zh: 举行{}, en: \"Hold {}\"}}, who: [{}], {when}status: {}, source: s2}}",
            rng.pick(HAN),
            rng.pick(LATIN),
            person(&mut rng),
            rng.pick(STATUSES)
        );
    }
    y.push_str("reactions:\n");
    for _ in 0..rng.range(2, 4) {
        let bloc = BLOCS[rng.below(BLOCS.len())];
        let _ = writeln!(
            y,
            "  - {{who: {}, bloc: {{zh: {}, en: {}}}, stance: {}, summary: {{zh: 对{}表示关注。, en: \"Voiced concern about {}.\"}}, source: s2}}",
            person(&mut rng),
            bloc.0,
            bloc.1,
            rng.pick(STANCES),
            rng.pick(HAN),
            rng.pick(LATIN)
        );
    }
    let _ = write!(
        y,
        "background:\n  - {{text: {{zh: 此前双方曾多次会谈。, en: The two sides had met before.}}, source: s1}}\n\
         timeline:\n  - {{date: {}, text: {{zh: 上一次会晤。, en: The previous meeting.}}, source: s1}}\n  - {{date: {date}, text: {{zh: 本次通话。, en: This call.}}, source: s2}}\n\
         sources:\n  - {{id: s1, name: {{zh: 通讯社甲, en: Agency A}}}}\n  - {{id: s2, name: {{zh: 通讯社乙, en: Agency B}}, url: \"https://example.org/{b}\"}}\n",
        &date[..4]
    );
    fs::write(dir.join("brief.yaml"), y)?;
    fs::write(dir.join("zh.md"), narrative(&mut rng, b, total, true))?;
    fs::write(dir.join("en.md"), narrative(&mut rng, b, total, false))
}

/// About 1,000 words of mixed Chinese and English prose with headings, a
/// list, a table and links to other briefs and people.
fn narrative(rng: &mut Rng, b: usize, total: usize, zh: bool) -> String {
    let mut md = String::with_capacity(12 * 1024);
    for section in 0..5 {
        let _ = writeln!(md, "## {} {section}\n", if zh { rng.pick(HAN) } else { rng.pick(LATIN) });
        for _ in 0..4 {
            for w in 0..50 {
                if zh {
                    md.push_str(rng.pick(HAN));
                    if w % 9 == 8 {
                        md.push_str(rng.pick(LATIN));
                        md.push('。');
                    }
                } else {
                    md.push_str(rng.pick(LATIN));
                    md.push(if w % 12 == 11 { '.' } else { ' ' });
                    if w % 15 == 14 {
                        md.push_str(rng.pick(HAN));
                        md.push(' ');
                    }
                }
            }
            let other = slug((b + 1 + rng.below(total.max(2) - 1)) % total);
            let _ = writeln!(md, " [{}](person:{}) [→](brief:{other})\n", rng.pick(LATIN), person(rng));
        }
        if section == 2 {
            md.push_str("- 第一点 first point\n- 第二点 second point\n- 第三点 third point\n\n");
            md.push_str("| 来源 source | 说法 claim |\n|---|---|\n| A | 超过一小时 |\n| B | nearly 90 minutes |\n\n");
        }
    }
    md
}
