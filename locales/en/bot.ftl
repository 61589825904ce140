# refuge — English interface text.
# Placeables are not wrapped in bidi marks (see ARCHITECTURE.md); the code isolates only values
# whose direction differs from the message's.

welcome =
    Hello. I am refuge, a helper bot for families arriving from Nagorno-Karabakh.
    I answer questions about the border crossing, shelter, food, medical help and missing relatives.
    In an emergency, call 112 or 911.
language-prompt = Choose your language:
language-self-name = English
language-set = I will answer in English. You can change this at any time with /language.
topics-prompt = What do you need? Choose a topic, or just write your question.
topic-prompt = { $topic }: choose a question.
menu-all-topics = All topics
menu-hint = Type the number of your choice, or write your question.
choice-out-of-range =
    { $count ->
        [one] Please type 1.
       *[other] Please type a number from 1 to { $count }.
    }
menu-expired = This menu is no longer valid. Here is the current one.
greeting = Hello! I am here to help.
thanks = You are welcome. Take care, and write any time.
acknowledged = Good. I am here whenever you need me: write any time.
offtopic =
    I am sorry, I do not know the answer to this.
    To talk to a person, call the volunteer hotline { $hotline }. In an emergency, call 112 or 911.
plea =
    I am here to help. Tell me what you need (a place to sleep, food, a doctor, news of your family) or choose a topic below.
    To talk to a person, call the volunteer hotline { $hotline }. In an emergency, call 112 or 911.
did-you-mean = I am not sure I understood. Did you mean:
help =
    Write your question in your own words, in Armenian, Arabic or English. Or use a command:
    /topics — all topics
    /language — change the language
    /near — the nearest open places to you
    /about — who runs this bot and what it stores
    /forget — delete everything the bot stores about you
    /subscribe — receive volunteers' updates (/unsubscribe to stop)
    /help — this message
command-unknown = I do not know the command { $command }.
empty-input = Write your question, or type /topics to see all topics.
forget-confirm = Delete everything this bot stores about you (your language and your place in the menu)? This cannot be undone.
forget-yes = Yes, delete it
forget-no = No, keep it
forget-done = Done. Everything the bot stored about you has been deleted. If you write again, it starts afresh.
forget-kept = Nothing was deleted.
error-generic = Sorry, something went wrong on our side. Please try again in a moment.
card-source = Source: { $source }
card-checked-days =
    { $days ->
        [0] Checked today.
        [one] Checked yesterday.
       *[other] Checked { $days } days ago.
    }
card-checked-on = Checked on { $date }.
card-stale = ⚠ This information may be out of date. Check with volunteers or officials on the spot.
card-places = Open places:
card-places-none = No open place of this kind is listed right now.
place-open = open
place-full = full
place-closed = closed
place-hours-always = open day and night
place-hours = hours { $hours }
place-beds =
    { $beds ->
        [one] { $beds } bed
       *[other] { $beds } beds
    }
place-phone = phone { $phone }
place-phone-example = phone { $phone } (example number)
distance-m = { $meters } m away
distance-km = { $km } km away
near-heading = The nearest open places to you:
place-found = Here is the place:
near-none = I do not know any open place near you.
near-how = Share your location (the paperclip button, then Location), or type /near followed by latitude and longitude, for example: /near 39.5075 46.3380
console-banner = refuge — type your question, /help for commands. Ctrl-D to quit.
kind-shelter = shelter
kind-registration = registration
kind-food = food
kind-water = drinking water
kind-blankets = blankets and clothes
kind-medical = medical help
kind-pharmacy = pharmacy
kind-fuel = fuel
kind-transport = transport
kind-phone = SIM cards and charging
kind-family = family search
kind-cash = cash help
list-separator = {", "}

## Volunteers: live place status.
not-allowed = Sorry, only volunteers can do this.
place-usage =
    To update a place, write /place ID open, /place ID full, /place ID closed or /place ID beds N.
    Places:
place-list-line = { $id } — { $name } ({ $status })
place-unknown = I do not know a place with the id { $id }. Write /place to see the ids.
place-status-set = { $name } is now marked { $status }.
place-beds-set =
    { $beds ->
        [one] { $name }: 1 free bed recorded.
       *[other] { $name }: { $beds } free beds recorded.
    }
place-free-beds =
    { $beds ->
        [one] 1 free bed
       *[other] { $beds } free beds
    }
place-updated-minutes =
    { $minutes ->
        [0] updated just now
        [one] updated 1 minute ago
       *[other] updated { $minutes } minutes ago
    }
place-updated-hours =
    { $hours ->
        [one] updated 1 hour ago
       *[other] updated { $hours } hours ago
    }
place-updated-stale = ⚠ may be out of date

## Subscriptions to volunteers' updates.
subscribed-all = You will receive volunteers' updates on all topics. To stop, write /unsubscribe or STOP.
subscribed-topic = You will receive volunteers' updates about: { $topic }. To stop, write /unsubscribe or STOP.
subscribe-already = You are already subscribed to these updates.
subscribe-usage = Write /subscribe for all updates, or /subscribe crossing, /subscribe shelter, /subscribe aid or /subscribe medical for one topic.
unsubscribed = Done: you will no longer receive updates.
not-subscribed = You are not subscribed to any updates.
share-location-button = 📍 Send my location
command-start = Start again and choose a language
command-topics = All topics
command-near = The nearest open places to you
command-language = Change the language
command-subscribe = Receive volunteers' updates
command-unsubscribe = Stop volunteers' updates
command-forget = Delete everything the bot stores about you
command-about = Who runs this bot and what it stores
command-help = How to use this bot
language-name =
    { $lang ->
        [hy] Armenian
        [ar] Arabic
       *[en] English
    }
broadcast-audience-prompt = Who should receive this broadcast?
broadcast-audience-all = Every subscriber
broadcast-audience-topic = Subscribers to “{ $topic }”
broadcast-audience-lang = Subscribers who read { $language }
broadcast-ask-text = Write the message in { $language }, as one message. To stop: /cancel
broadcast-ask-text-or-skip = Write the message in { $language }, as one message, or send a dash (-) to send the English text instead. To stop: /cancel
broadcast-need-text = Every language is needed: write the message in { $language }. Only a coordinator can send the English text instead.
broadcast-too-long = This text has { $chars } characters; a message can have at most { $max }. Please write a shorter one.
broadcast-preview = Preview in { $language }:
broadcast-preview-english = (the English text)
broadcast-confirm =
    { $count ->
        [one] Send this to { $count } subscriber?
       *[other] Send this to { $count } subscribers?
    }
broadcast-nobody = Nobody is subscribed to this yet, so the broadcast was not sent.
broadcast-send = Send it
broadcast-drop = Cancel
broadcast-queued =
    { $count ->
        [one] Broadcast { $id } is on its way to { $count } subscriber. To follow it: /broadcast status { $id }
       *[other] Broadcast { $id } is on its way to { $count } subscribers. To follow it: /broadcast status { $id }
    }
broadcast-dropped = The broadcast was not sent.
broadcast-status = Broadcast { $id } ({ $audience }): { $sent } sent, { $pending } waiting, { $failed } failed, { $cancelled } cancelled, of { $total }.
broadcast-none = No broadcast has been sent yet.
broadcast-unknown = There is no broadcast { $id }.
broadcast-cancelled =
    { $count ->
        [one] Broadcast { $id } is stopped: { $count } message will not be sent.
       *[other] Broadcast { $id } is stopped: { $count } messages will not be sent.
    }
broadcast-usage =
    /broadcast — write a broadcast to subscribers
    /broadcast status [number] — how far a broadcast has got
    /broadcast cancel number — stop a broadcast
    /broadcast approve number — approve a broadcast another volunteer wrote
role-volunteer = volunteer
role-coordinator = coordinator
role-usage =
    /role add volunteer telegram 123456789 — give a role (volunteer or coordinator; network telegram, matrix or console)
    /role remove matrix @name:server — take it away
    /role — this list
role-granted = { $user } on { $network } is now a { $role }.
role-revoked = { $user } on { $network } no longer has a role given in the chat.
role-unchanged = Nothing changed.
role-in-config = { $user } on { $network } is listed in config.toml: change it there.
role-list-line = { $role }: { $network } { $user }
role-none = No roles have been given in the chat.
broadcast-progress =
    Broadcast { $id }: { $sent } of { $total } sent, { $failed } failed, { $pending } waiting — { $minutes ->
        [0] less than a minute left.
        [one] about { $minutes } minute left.
       *[other] about { $minutes } minutes left.
    }
broadcast-done = Broadcast { $id } is finished: { $sent } of { $total } sent, { $failed } failed, { $cancelled } cancelled.
broadcast-held = Broadcast { $id } now waits for a second volunteer's approval: they send /broadcast approve { $id }
broadcast-own = Broadcast { $id } needs the approval of another volunteer, not of the one who wrote it.
broadcast-not-held = Broadcast { $id } is not waiting for approval.
broadcast-status-held = Broadcast { $id } ({ $audience }) is waiting for a second volunteer's approval: /broadcast approve { $id }
