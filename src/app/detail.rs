//! The selected item in full, as lines wrapped to the detail pane's width. Built here
//! (not in the view) so `update` can count the lines to bound the scroll.

use crate::app::Model;
use crate::app::page::{Role, TextLine, wrapped};
use crate::app::text::{long_date, width, wrap};
use crate::app::whole::Shown;
use crate::feed::Item;
use crate::feed::item::{Image, PubDate};

/// Columns of `Label:` before a field's value.
const LABEL: usize = 11;

/// The lines of the detail pane for `item` (as listed: its file read whole when the
/// model has it) at `cols` columns.
pub fn lines(model: &Model, item: &Item, cols: usize) -> Vec<TextLine> {
    let shown = model.whole.shown(item);
    let item = shown.item();
    let mut out = Out {
        lines: Vec::new(),
        cols: cols.max(1),
    };
    out.text(&item.display_title(), Role::Title);
    out.blank();
    if let Some(p) = &item.provider {
        let name = p.name.clone().unwrap_or_default();
        let value = match &p.domain {
            Some(d) if !name.is_empty() => format!("{name} ({d})"),
            Some(d) => d.clone(),
            None => name,
        };
        out.field("Provider", &value);
    }
    let date = match &item.date {
        Some(PubDate::Time(t)) => long_date(*t, model.now, &model.tz),
        Some(PubDate::Text(t)) => format!("{t} (not a date)"),
        None => String::new(),
    };
    out.field("Date", &date);
    let state = if item.is_published() {
        "published"
    } else {
        "not published"
    };
    out.field("Status", state);
    out.field(
        "Category",
        &join(&[("", opt(&item.category)), ("type", opt(&item.kind))]),
    );
    // Heat rides along with quality; alone it gets its own label, never `Quality: heat`.
    match (item.quality, item.heat) {
        (Some(q), Some(h)) => out.field("Quality", &format!("{q} · heat {h}")),
        (Some(q), None) => out.field("Quality", &q.to_string()),
        (None, Some(h)) => out.field("Heat", &h.to_string()),
        (None, None) => {}
    }
    out.field("Topics", &item.topics.join(", "));
    if let Some(excerpt) = item.excerpt.as_deref().filter(|e| !e.trim().is_empty()) {
        out.blank();
        out.text(excerpt, Role::Plain);
    }
    out.blank();
    out.field("Original", &opt(&item.original_url));
    out.field("Web", &opt(&item.web_url));
    out.field("AMP", &opt(&item.amp_web_url));
    out.field("CDN AMP", &opt(&item.cdn_amp_web_url));
    bulk(&mut out, shown);
    learning_and_org(&mut out, item);
    for (key, value) in &item.extra.0 {
        let text = serde_json::to_string(value).unwrap_or_default();
        out.field(&format!("+{key}"), &text);
    }
    out.field("File", &item.path.display().to_string());
    out.lines
}

/// Images and the `secured` payload: from the file when it was read, else their counts
/// and how the read goes (never an empty list that would read as "none").
fn bulk(out: &mut Out, shown: Shown) {
    let item = shown.item();
    let images = item.image_count();
    match shown {
        Shown::Whole(_) => {
            for img in &item.images {
                out.field("Image", &image(img));
            }
        }
        Shown::Reading(_) if images > 0 => {
            out.field("Images", &format!("{images}, reading the file…"));
        }
        Shown::Reading(_) => {}
        Shown::Failed(_, why) => {
            if images > 0 {
                out.field("Images", &format!("{images}, not read"));
            }
            out.text(why, Role::Error);
        }
    }
    // Only the size is shown, and the counts have it: no need to wait for the file.
    let secured = if item.is_slim() {
        item.bulk.secured as usize
    } else {
        item.secured.as_deref().map_or(0, |s| s.chars().count())
    };
    if secured > 0 {
        out.field(
            "Secured",
            &format!("encrypted payload present ({secured} characters)"),
        );
    }
}

struct Out {
    lines: Vec<TextLine>,
    cols: usize,
}

impl Out {
    fn text(&mut self, text: &str, role: Role) {
        wrapped(&mut self.lines, role, text, self.cols);
    }

    /// `Label:    value`, the value wrapped under itself; on a narrow pane the label gets
    /// a line of its own.
    fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let head = format!("{label}:");
        if self.cols < LABEL + 12 {
            self.lines.push(TextLine::new(Role::Label, head));
            self.text(value, Role::Plain);
            return;
        }
        let pad = " ".repeat(LABEL.saturating_sub(width(&head)));
        for (i, part) in wrap(value, self.cols - LABEL).into_iter().enumerate() {
            let lead = if i == 0 {
                TextLine::new(Role::Label, format!("{head}{pad}"))
            } else {
                TextLine::new(Role::Plain, " ".repeat(LABEL))
            };
            self.lines.push(lead.push(Role::Plain, part));
        }
    }

    fn blank(&mut self) {
        self.lines.push(TextLine::default());
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn join(parts: &[(&str, String)]) -> String {
    parts
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            if k.is_empty() {
                v.clone()
            } else {
                format!("{k} {v}")
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn image(img: &Image) -> String {
    let mut s = img.url.clone().unwrap_or_else(|| "(no url)".to_owned());
    if let (Some(w), Some(h)) = (img.width, img.height) {
        s.push_str(&format!(" ({w}x{h})"));
    }
    if img.is_cached == Some(true) {
        s.push_str(" cached");
    }
    s
}

fn learning_and_org(out: &mut Out, item: &Item) {
    let more = item.more();
    out.field("Price", &opt(&more.price));
    out.field("Length", &opt(&more.length));
    if let Some(r) = &more.ratings {
        out.field(
            "Ratings",
            &join(&[("", opt(&r.average)), ("from", opt(&r.count))]),
        );
    }
    out.field("Levels", &more.levels.join(", "));
    out.field("Items", &more.items.join(", "));
    out.field("Featured", &opt(&more.featured_content));
    out.field("Taxonomy", &opt(&more.taxonomy));
    out.field("Org id", &opt(&more.org_id));
    out.field("Name", &opt(&more.name));
    out.field("Domain", &opt(&more.domain));
    out.field("About", &opt(&more.description));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::item::{PubDate, Story};
    use jiff::tz::TimeZone;

    fn text(lines: &[TextLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.0.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }

    fn model() -> Model {
        let report = crate::feed::LoadReport::default();
        Model::new(
            report,
            "2026-03-10T12:00:00Z".parse().unwrap(),
            TimeZone::UTC,
        )
    }

    #[test]
    fn the_date_is_labelled_date_and_heat_alone_is_not_quality() {
        let m = model();
        let item = Item {
            story: Story {
                title: Some("T".into()),
                date: Some(PubDate::Time("2023-01-15T09:00:00Z".parse().unwrap())),
                ..Story::default()
            },
            heat: Some(52),
            ..Item::default()
        };
        let shown = text(&lines(&m, &item, 80));
        assert!(
            shown.contains(&"Date:      Sun 2023-01-15 09:00 UTC (3 years ago)".to_owned()),
            "{shown:#?}"
        );
        assert!(shown.contains(&"Heat:      52".to_owned()), "{shown:#?}");
        assert!(
            !shown.iter().any(|l| l.starts_with("Quality:")),
            "{shown:#?}"
        );
        let mut item = item;
        item.quality = Some(74);
        let shown = text(&lines(&m, &item, 80));
        assert!(
            shown.contains(&"Quality:   74 · heat 52".to_owned()),
            "{shown:#?}"
        );
    }
}
