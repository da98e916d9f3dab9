//! The selected item in full. Lines are wrapped here, to the pane's width, so `update` can
//! count them to bound the scroll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Model, Pane};
use crate::feed::Item;
use crate::feed::item::{Image, PubDate};
use crate::ui::text::{long_date, width, wrap};
use crate::ui::{Theme, pane_block};

const LABEL: usize = 11;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = pane_block(theme, model.focus == Pane::Detail, "Detail".to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(item) = model.selected_item() else {
        return;
    };
    let mut lines = lines_with(model, theme, item, inner.width);
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = model.detail_scroll.min(max);
    lines.drain(..scroll);
    lines.truncate(usize::from(inner.height));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines of the detail pane for `item` at `width` columns.
pub fn lines(model: &Model, item: &Item, width: u16) -> Vec<Line<'static>> {
    lines_with(model, &Theme::new(false), item, width)
}

struct Out<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl Out<'_> {
    fn text(&mut self, text: &str, style: ratatui::style::Style) {
        for l in wrap(text, self.width) {
            self.lines.push(Line::styled(l, style));
        }
    }

    /// `Label:    value`, the value wrapped under itself; on a narrow pane the label gets
    /// a line of its own.
    fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let label_style = self.theme.label;
        if self.width < LABEL + 12 {
            self.lines
                .push(Line::styled(format!("{label}:"), label_style));
            self.text(value, ratatui::style::Style::new());
            return;
        }
        let head = format!("{label}:");
        let pad = " ".repeat(LABEL.saturating_sub(width(&head)));
        for (i, part) in wrap(value, self.width - LABEL).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(format!("{head}{pad}"), label_style)
            } else {
                Span::raw(" ".repeat(LABEL))
            };
            self.lines.push(Line::from(vec![lead, Span::raw(part)]));
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line::default());
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

fn lines_with(model: &Model, theme: &Theme, item: &Item, width: u16) -> Vec<Line<'static>> {
    let mut out = Out {
        lines: Vec::new(),
        width: usize::from(width).max(1),
        theme,
    };
    out.text(&item.display_title(), theme.title);
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
    out.field("Published", &date);
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
    out.field(
        "Quality",
        &join(&[("", opt(&item.quality)), ("heat", opt(&item.heat))]),
    );
    out.field("Topics", &item.topics.join(", "));
    if let Some(excerpt) = item.excerpt.as_deref().filter(|e| !e.trim().is_empty()) {
        out.blank();
        out.text(excerpt, ratatui::style::Style::new());
    }
    out.blank();
    out.field("Original", &opt(&item.original_url));
    out.field("Web", &opt(&item.web_url));
    out.field("AMP", &opt(&item.amp_web_url));
    out.field("CDN AMP", &opt(&item.cdn_amp_web_url));
    for img in &item.images {
        out.field("Image", &image(img));
    }
    if let Some(s) = &item.secured {
        out.field(
            "Secured",
            &format!("encrypted payload present ({} bytes)", s.len()),
        );
    }
    learning_and_org(&mut out, item);
    for (key, value) in &item.extra.0 {
        let text = serde_json::to_string(value).unwrap_or_default();
        out.field(&format!("+{key}"), &text);
    }
    out.field("File", &item.path.display().to_string());
    out.lines
}

fn learning_and_org(out: &mut Out, item: &Item) {
    out.field("Price", &opt(&item.price));
    out.field("Length", &opt(&item.length));
    if let Some(r) = &item.ratings {
        out.field(
            "Ratings",
            &join(&[("", opt(&r.average)), ("from", opt(&r.count))]),
        );
    }
    out.field("Levels", &item.levels.join(", "));
    out.field("Items", &item.items.join(", "));
    out.field("Featured", &opt(&item.featured_content));
    out.field("Taxonomy", &opt(&item.taxonomy));
    out.field("Org id", &opt(&item.org_id));
    out.field("Name", &opt(&item.name));
    out.field("Domain", &opt(&item.domain));
    out.field("About", &opt(&item.description));
}
