//! An input that owns what is being typed into it (its draft) until the draft is committed.
//!
//! The page re-renders its panels a few times a second while the simulation runs. A plain
//! controlled `<input value={model}>` gets the model's value written back over the keys a
//! person is typing, and Yew rewrites the DOM value on every render where it differs. This
//! component keeps the text in its own state, updated on every `input` event, so what it
//! renders always equals what the field holds; it shows the committed (prop) value only when
//! the field is neither focused nor holding an uncommitted draft.
//!
//! A draft is committed (handed to `on_commit`) on Enter, on blur, or after [`PAUSE_MS`]
//! without a keystroke when it is valid (parses and lies in `min..=max`). Escape reverts to
//! the committed value. A commit that equals the committed value is not emitted. After a
//! commit the committed text stays shown until the new value comes back as the prop (see
//! [`SETTLE_MS`]).

use gloo_timers::callback::Timeout;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// A valid draft is committed after this long without a keystroke, ms.
pub const PAUSE_MS: u32 = 900;

/// After a commit, the committed text stays shown until the prop value changes, or at most
/// this long (a refused value then gives way to the model's), ms. A live change is applied
/// at the simulation's next millisecond and reaches the props at the next panel refresh, so
/// without this the old value would flash back for up to a refresh when focus leaves.
pub const SETTLE_MS: u32 = 1500;

/// Props of [`DraftInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct DraftInputProps {
    /// The committed value (the model's), shown whenever the field is not being edited.
    pub value: AttrValue,
    /// Called with the draft when it is committed (only when it differs from `value`).
    pub on_commit: Callback<String>,
    /// `type` of the input: `number` (the default) or `text`.
    #[prop_or(AttrValue::Static("number"))]
    pub kind: AttrValue,
    /// Element id (for labels and tests).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Element name.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// Smallest valid value (numbers only; also the `min` attribute).
    #[prop_or_default]
    pub min: Option<u64>,
    /// Largest valid value (numbers only; also the `max` attribute).
    #[prop_or_default]
    pub max: Option<u64>,
    /// Placeholder text.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Accessible name, when no `<label>` wraps the input.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// Accessible description (the tooltip's text).
    #[prop_or_default]
    pub description: Option<AttrValue>,
    /// Commit a valid draft after a pause (otherwise only Enter and blur commit).
    #[prop_or(true)]
    pub commit_on_pause: bool,
}

impl DraftInputProps {
    /// Whether `text` may be committed by a pause: a number in `min..=max` for number fields,
    /// anything non-empty for text fields.
    pub fn valid(&self, text: &str) -> bool {
        let text = text.trim();
        if self.kind != "number" {
            return !text.is_empty();
        }
        text.parse::<u64>().is_ok_and(|v| {
            self.min.is_none_or(|min| v >= min) && self.max.is_none_or(|max| v <= max)
        })
    }
}

/// Messages of [`DraftInput`].
pub enum DraftMsg {
    /// The field got focus.
    Focus,
    /// The field's text changed (a keystroke, a paste, an arrow step).
    Input(String),
    /// A key went down in the field.
    Key(KeyboardEvent),
    /// No keystroke for [`PAUSE_MS`].
    Pause,
    /// The field lost focus.
    Blur,
    /// A commit's value did not come back as the prop value within [`SETTLE_MS`].
    Settle,
}

/// See the module documentation.
pub struct DraftInput {
    /// What the field holds while it is being edited.
    text: String,
    /// The field has focus.
    focused: bool,
    /// `text` has not been committed yet.
    dirty: bool,
    /// The pending pause commit; dropping it cancels it.
    pause: Option<Timeout>,
    /// Set from a commit until the prop value changes (or [`SETTLE_MS`] pass): meanwhile the
    /// committed text stays shown.
    settling: Option<Timeout>,
}

impl DraftInput {
    fn editing(&self) -> bool {
        self.focused || self.dirty || self.settling.is_some()
    }

    /// Hands the draft to `on_commit` if it differs from the committed value.
    fn commit(&mut self, ctx: &Context<Self>) {
        self.pause = None;
        if self.dirty && self.text.trim() != ctx.props().value.trim() {
            let link = ctx.link().clone();
            self.settling = Some(Timeout::new(SETTLE_MS, move || {
                link.send_message(DraftMsg::Settle)
            }));
            ctx.props().on_commit.emit(self.text.trim().to_string());
        }
        self.dirty = false;
    }

    fn input(&mut self, ctx: &Context<Self>, text: String) {
        self.text = text;
        self.dirty = true;
        self.pause = None;
        let p = ctx.props();
        if p.commit_on_pause && p.valid(&self.text) {
            let link = ctx.link().clone();
            self.pause = Some(Timeout::new(PAUSE_MS, move || {
                link.send_message(DraftMsg::Pause)
            }));
        }
    }

    fn key(&mut self, ctx: &Context<Self>, e: KeyboardEvent) -> bool {
        match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                self.commit(ctx);
                true
            }
            "Escape" => {
                self.pause = None;
                self.settling = None;
                self.dirty = false;
                self.text = ctx.props().value.to_string();
                true
            }
            _ => false,
        }
    }
}

impl Component for DraftInput {
    type Message = DraftMsg;
    type Properties = DraftInputProps;

    fn create(ctx: &Context<Self>) -> Self {
        DraftInput {
            text: ctx.props().value.to_string(),
            focused: false,
            dirty: false,
            pause: None,
            settling: None,
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &DraftInputProps) -> bool {
        if ctx.props().value != old.value {
            self.settling = None;
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: DraftMsg) -> bool {
        match msg {
            DraftMsg::Focus => {
                if !self.dirty && self.settling.is_none() {
                    self.text = ctx.props().value.to_string();
                }
                self.focused = true;
                false
            }
            DraftMsg::Input(text) => {
                self.input(ctx, text);
                true
            }
            DraftMsg::Key(e) => self.key(ctx, e),
            DraftMsg::Pause => {
                self.commit(ctx);
                true
            }
            DraftMsg::Blur => {
                self.commit(ctx);
                self.focused = false;
                true
            }
            DraftMsg::Settle => {
                self.settling = None;
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let value = if self.editing() {
            AttrValue::from(self.text.clone())
        } else {
            p.value.clone()
        };
        let oninput = link.callback(|e: InputEvent| {
            DraftMsg::Input(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        // A number being typed that is no value the field accepts is marked where it is typed
        // (the page's notice, at the top, may be out of view); empty keeps a default.
        let invalid = p.kind == "number"
            && self.editing()
            && !self.text.trim().is_empty()
            && !p.valid(&self.text);
        let hint = match (p.min, p.max) {
            (Some(min), Some(max)) => format!("accepted {min}–{max}"),
            _ => "a whole number".to_string(),
        };
        html! {
            <>
            <input type={p.kind.clone()} id={p.id.clone()} name={p.name.clone()}
                   class={classes!(invalid.then_some("invalid"))}
                   aria-invalid={invalid.then_some("true")}
                   min={p.min.map(|v| v.to_string())} max={p.max.map(|v| v.to_string())}
                   placeholder={p.placeholder.clone()} aria-label={p.label.clone()}
                   aria-description={p.description.clone()} {value} {oninput}
                   onkeydown={link.callback(DraftMsg::Key)}
                   onfocus={link.callback(|_: FocusEvent| DraftMsg::Focus)}
                   onblur={link.callback(|_: FocusEvent| DraftMsg::Blur)} />
            if invalid {
                <span class="field-error" role="status">{ hint }</span>
            }
            </>
        }
    }
}
