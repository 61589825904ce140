//! Every Fluent message id the code uses, with the arguments it passes.
//!
//! Code names messages only through these constants, so one test can render every id, with its
//! arguments, in every language, and `refuge check` can find an id the code needs but a locale lacks.

/// What kind of value an argument takes (for the render-everything test and `check`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// A string.
    Str,
    /// An integer that may select a plural form.
    Num,
}

macro_rules! messages {
    ($( $(#[$doc:meta])* $name:ident = $id:literal $([$($arg:literal : $kind:ident),*])?; )*) => {
        $( $(#[$doc])* pub const $name: &str = $id; )*
        /// Every id with its arguments.
        pub const ALL: &[(&str, &[(&str, ArgKind)])] = &[
            $( ($id, &[$($(($arg, ArgKind::$kind)),*)?]) ),*
        ];
    };
}

messages! {
    /// The first message after `/start`.
    WELCOME = "welcome";
    /// Prompt of the language menu.
    LANGUAGE_PROMPT = "language-prompt";
    /// A language's name written in that language (the option label).
    LANGUAGE_SELF_NAME = "language-self-name";
    /// Confirms the language switch.
    LANGUAGE_SET = "language-set";
    /// Prompt of the topic menu.
    TOPICS_PROMPT = "topics-prompt";
    /// Prompt of one topic's list of questions.
    TOPIC_PROMPT = "topic-prompt" ["topic": Str];
    /// Option: back to all topics.
    MENU_ALL_TOPICS = "menu-all-topics";
    /// Under a numbered list, for text transports.
    MENU_HINT = "menu-hint";
    /// A number outside the menu.
    CHOICE_OUT_OF_RANGE = "choice-out-of-range" ["count": Num];
    /// A button that no longer means anything.
    MENU_EXPIRED = "menu-expired";
    /// Reply to a greeting.
    GREETING = "greeting";
    /// Reply to thanks.
    THANKS = "thanks";
    /// Reply to "ok, understood".
    ACKNOWLEDGED = "acknowledged";
    /// Honest "I do not know", with who to reach.
    OFFTOPIC = "offtopic" ["hotline": Str];
    /// Reply to a plea that names no need: say what you need, or call.
    PLEA = "plea" ["hotline": Str];
    /// Prompt above "did you mean" choices.
    DID_YOU_MEAN = "did-you-mean";
    /// `/help`.
    HELP = "help";
    /// An unknown `/command`.
    COMMAND_UNKNOWN = "command-unknown" ["command": Str];
    /// Empty input.
    EMPTY_INPUT = "empty-input";
    /// `/forget`: asks for confirmation.
    FORGET_CONFIRM = "forget-confirm";
    /// Option: yes, delete.
    FORGET_YES = "forget-yes";
    /// Option: no, keep.
    FORGET_NO = "forget-no";
    /// Everything was deleted.
    FORGET_DONE = "forget-done";
    /// Nothing was deleted.
    FORGET_KEPT = "forget-kept";
    /// Something failed on our side.
    ERROR_GENERIC = "error-generic";
    /// Card footer: where the answer comes from.
    CARD_SOURCE = "card-source" ["source": Str];
    /// Card footer: checked recently.
    CARD_CHECKED_DAYS = "card-checked-days" ["days": Num];
    /// Card footer: checked long ago, as a date.
    CARD_CHECKED_ON = "card-checked-on" ["date": Str];
    /// Card warning: past its ttl.
    CARD_STALE = "card-stale";
    /// Heading of the places on a card.
    CARD_PLACES = "card-places";
    /// No open place of the card's kinds.
    CARD_PLACES_NONE = "card-places-none";
    /// Place status: open.
    PLACE_OPEN = "place-open";
    /// Place status: full.
    PLACE_FULL = "place-full";
    /// Place status: closed.
    PLACE_CLOSED = "place-closed";
    /// Opening hours, always open.
    PLACE_HOURS_ALWAYS = "place-hours-always";
    /// Opening hours, a range.
    PLACE_HOURS = "place-hours" ["hours": Str];
    /// Number of beds.
    PLACE_BEDS = "place-beds" ["beds": Num];
    /// A phone number.
    PLACE_PHONE = "place-phone" ["phone": Str];
    /// A phone number that is only an example.
    PLACE_PHONE_EXAMPLE = "place-phone-example" ["phone": Str];
    /// Distance under a kilometre.
    DISTANCE_M = "distance-m" ["meters": Num];
    /// Distance in kilometres (already formatted).
    DISTANCE_KM = "distance-km" ["km": Str];
    /// Heading of the nearest places to a shared location.
    NEAR_HEADING = "near-heading";
    /// Heading above a place asked for by name.
    PLACE_FOUND = "place-found";
    /// No open place near the location.
    NEAR_NONE = "near-none";
    /// How to share a location.
    NEAR_HOW = "near-how";
    /// Label of the "send my location" button (Telegram).
    SHARE_LOCATION_BUTTON = "share-location-button";
    /// Command menu (Telegram's setMyCommands): /start.
    COMMAND_START = "command-start";
    /// /topics.
    COMMAND_TOPICS = "command-topics";
    /// /near.
    COMMAND_NEAR = "command-near";
    /// /language.
    COMMAND_LANGUAGE = "command-language";
    /// /subscribe.
    COMMAND_SUBSCRIBE = "command-subscribe";
    /// /unsubscribe.
    COMMAND_UNSUBSCRIBE = "command-unsubscribe";
    /// /forget.
    COMMAND_FORGET = "command-forget";
    /// /about.
    COMMAND_ABOUT = "command-about";
    /// /help.
    COMMAND_HELP = "command-help";
    /// A language's name in the reader's language (`lang`: hy, ar, en).
    LANGUAGE_NAME = "language-name" ["lang": Str];
    /// Broadcast draft: who receives it?
    BROADCAST_AUDIENCE_PROMPT = "broadcast-audience-prompt";
    /// Option: every subscriber.
    BROADCAST_AUDIENCE_ALL = "broadcast-audience-all";
    /// Option: one topic's subscribers.
    BROADCAST_AUDIENCE_TOPIC = "broadcast-audience-topic" ["topic": Str];
    /// Option: subscribers reading one language.
    BROADCAST_AUDIENCE_LANG = "broadcast-audience-lang" ["language": Str];
    /// Asks for the text in a language.
    BROADCAST_ASK_TEXT = "broadcast-ask-text" ["language": Str];
    /// Asks for the text in a language, or a dash for the English one (coordinators).
    BROADCAST_ASK_TEXT_OR_SKIP = "broadcast-ask-text-or-skip" ["language": Str];
    /// A volunteer tried to leave a language out.
    BROADCAST_NEED_TEXT = "broadcast-need-text" ["language": Str];
    /// A text over the limit.
    BROADCAST_TOO_LONG = "broadcast-too-long" ["chars": Num, "max": Num];
    /// Heading of one language's preview.
    BROADCAST_PREVIEW = "broadcast-preview" ["language": Str];
    /// Preview of a language left out.
    BROADCAST_PREVIEW_ENGLISH = "broadcast-preview-english";
    /// Confirmation prompt.
    BROADCAST_CONFIRM = "broadcast-confirm" ["count": Num];
    /// Nobody to send to.
    BROADCAST_NOBODY = "broadcast-nobody";
    /// Option: send.
    BROADCAST_SEND = "broadcast-send";
    /// Option: drop the draft.
    BROADCAST_DROP = "broadcast-drop";
    /// Queued.
    BROADCAST_QUEUED = "broadcast-queued" ["id": Num, "count": Num];
    /// Draft dropped.
    BROADCAST_DROPPED = "broadcast-dropped";
    /// Progress of a broadcast.
    BROADCAST_STATUS = "broadcast-status" [
        "id": Num, "audience": Str, "sent": Num, "pending": Num, "failed": Num, "cancelled": Num, "total": Num
    ];
    /// No broadcasts yet.
    BROADCAST_NONE = "broadcast-none";
    /// No such broadcast.
    BROADCAST_UNKNOWN = "broadcast-unknown" ["id": Num];
    /// A broadcast was cancelled.
    BROADCAST_CANCELLED = "broadcast-cancelled" ["id": Num, "count": Num];
    /// Progress of one's own broadcast (updated in place where the network allows).
    BROADCAST_PROGRESS = "broadcast-progress" [
        "id": Num, "sent": Num, "total": Num, "failed": Num, "pending": Num, "minutes": Num
    ];
    /// The final report.
    BROADCAST_DONE = "broadcast-done" ["id": Num, "sent": Num, "total": Num, "failed": Num, "cancelled": Num];
    /// Held for a second volunteer's approval.
    BROADCAST_HELD = "broadcast-held" ["id": Num];
    /// The author cannot approve their own broadcast.
    BROADCAST_OWN = "broadcast-own" ["id": Num];
    /// Nothing to approve.
    BROADCAST_NOT_HELD = "broadcast-not-held" ["id": Num];
    /// Status of a broadcast waiting for approval.
    BROADCAST_STATUS_HELD = "broadcast-status-held" ["id": Num, "audience": Str];
    /// How to use /broadcast.
    BROADCAST_USAGE = "broadcast-usage";
    /// The volunteer role's name.
    ROLE_VOLUNTEER = "role-volunteer";
    /// The coordinator role's name.
    ROLE_COORDINATOR = "role-coordinator";
    /// How to use /role.
    ROLE_USAGE = "role-usage";
    /// A role was given.
    ROLE_GRANTED = "role-granted" ["user": Str, "network": Str, "role": Str];
    /// A role was taken away.
    ROLE_REVOKED = "role-revoked" ["user": Str, "network": Str];
    /// Nothing to change.
    ROLE_UNCHANGED = "role-unchanged";
    /// The role comes from config.toml.
    ROLE_IN_CONFIG = "role-in-config" ["user": Str, "network": Str];
    /// One granted role.
    ROLE_LIST_LINE = "role-list-line" ["role": Str, "network": Str, "user": Str];
    /// No granted roles.
    ROLE_NONE = "role-none";
    /// Between items of a list ("food, water").
    LIST_SEPARATOR = "list-separator";
    /// Subscribed to everything.
    SUBSCRIBED_ALL = "subscribed-all";
    /// Subscribed to one topic.
    SUBSCRIBED_TOPIC = "subscribed-topic" ["topic": Str];
    /// Already subscribed.
    SUBSCRIBE_ALREADY = "subscribe-already";
    /// How to subscribe.
    SUBSCRIBE_USAGE = "subscribe-usage";
    /// Unsubscribed.
    UNSUBSCRIBED = "unsubscribed";
    /// Nothing to unsubscribe from.
    NOT_SUBSCRIBED = "not-subscribed";
    /// A privileged command from someone without the role.
    NOT_ALLOWED = "not-allowed";
    /// How to use /place (a list of places follows).
    PLACE_USAGE = "place-usage";
    /// One place in the /place list.
    PLACE_LIST_LINE = "place-list-line" ["id": Str, "name": Str, "status": Str];
    /// /place with an unknown id.
    PLACE_UNKNOWN = "place-unknown" ["id": Str];
    /// A place's status was recorded.
    PLACE_STATUS_SET = "place-status-set" ["name": Str, "status": Str];
    /// A place's free beds were recorded.
    PLACE_BEDS_SET = "place-beds-set" ["name": Str, "beds": Num];
    /// Free beds as last reported.
    PLACE_FREE_BEDS = "place-free-beds" ["beds": Num];
    /// Reported minutes ago.
    PLACE_UPDATED_MINUTES = "place-updated-minutes" ["minutes": Num];
    /// Reported hours ago.
    PLACE_UPDATED_HOURS = "place-updated-hours" ["hours": Num];
    /// The report is older than its ttl.
    PLACE_UPDATED_STALE = "place-updated-stale";
    /// Console banner.
    CONSOLE_BANNER = "console-banner";
    /// Kinds of places.
    KIND_SHELTER = "kind-shelter";
    /// Registration point.
    KIND_REGISTRATION = "kind-registration";
    /// Food.
    KIND_FOOD = "kind-food";
    /// Water.
    KIND_WATER = "kind-water";
    /// Blankets and clothes.
    KIND_BLANKETS = "kind-blankets";
    /// Medical help.
    KIND_MEDICAL = "kind-medical";
    /// Pharmacy.
    KIND_PHARMACY = "kind-pharmacy";
    /// Fuel.
    KIND_FUEL = "kind-fuel";
    /// Transport.
    KIND_TRANSPORT = "kind-transport";
    /// Phones, SIM cards, charging.
    KIND_PHONE = "kind-phone";
    /// Family links.
    KIND_FAMILY = "kind-family";
    /// Cash help.
    KIND_CASH = "kind-cash";
}
