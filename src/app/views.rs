//! Saved views: a name, a query and a sort, from the config's `[[view]]` tables or built
//! in. The number keys open them; the first opens at start.

use crate::app::find::set_filter;
use crate::app::model::Model;
use crate::config::ViewConfig;
use crate::feed::query;
use crate::feed::sort::Sort;

/// A named filter and sort, from the config's `[[view]]` tables or built in.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub name: String,
    pub query: String,
    pub sort: Sort,
}

/// The views when the config names none: `inbox` first, so the desk opens on what is left
/// to do (the list's title says the filter, and `\` clears it).
pub fn builtin_views() -> Vec<SavedView> {
    vec![
        SavedView {
            name: "inbox".to_owned(),
            query: "is:unpublished".to_owned(),
            sort: Sort::default(),
        },
        SavedView {
            name: "all".to_owned(),
            query: String::new(),
            sort: Sort::default(),
        },
    ]
}

/// The config's views, checked: a query that does not parse or an unknown sort is an
/// error naming the view. None in the config: the built-in ones.
pub fn saved_views(config: &[ViewConfig]) -> Result<Vec<SavedView>, String> {
    if config.is_empty() {
        return Ok(builtin_views());
    }
    config
        .iter()
        .map(|v| {
            query::parse(&v.query)
                .map_err(|e| format!("view {:?}: query {:?}: {e}", v.name, v.query))?;
            let sort = match &v.sort {
                Some(s) => s
                    .parse()
                    .map_err(|e| format!("view {:?}: sort {s:?}: {e}", v.name))?,
                None => Sort::default(),
            };
            Ok(SavedView {
                name: v.name.clone(),
                query: v.query.clone(),
                sort,
            })
        })
        .collect()
}

/// Open the first view (at start): the config's first, else `inbox`.
pub fn start(model: &mut Model, views: Vec<SavedView>) {
    model.find.views = views;
    if !model.find.views.is_empty() {
        apply_view(model, 0);
    }
}

pub fn open(model: &mut Model, n: usize) {
    if model.find.views.is_empty() {
        model.find.views = builtin_views();
    }
    if n >= model.find.views.len() {
        let names: Vec<String> = (model.find.views.iter().enumerate())
            .map(|(i, v)| format!("{} {}", i + 1, v.name))
            .collect();
        model.info(format!("No view {}; views: {}", n + 1, names.join(", ")));
        return;
    }
    apply_view(model, n);
    let v = &model.find.views[n];
    let text = format!("View {}: {} ({} items)", n + 1, v.name, model.view.len());
    model.info(text);
}

fn apply_view(model: &mut Model, n: usize) {
    let v = model.find.views[n].clone();
    if v.sort != model.view.sort() {
        model.view.set_sort(v.sort, &model.feed);
    }
    if let Err(e) = set_filter(model, &v.query) {
        // Checked when the config was read; a view built in code could still be wrong.
        model.error(format!("View {}: {e}", v.name));
        return;
    }
    model.find.view_name = Some(v.name);
}
