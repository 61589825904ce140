# refuge — հայերեն (արևելահայերեն, բարեփոխված ուղղագրություն) ինտերֆեյսի տեքստ։
# Placeables are not wrapped in bidi marks (see ARCHITECTURE.md); the code isolates only values
# whose direction differs from the message's.

welcome =
    Բարև ձեզ։ Ես refuge բոտն եմ և օգնում եմ Լեռնային Ղարաբաղից եկող ընտանիքներին։
    Պատասխանում եմ սահմանի անցման, կացարանի, սննդի, բժշկական օգնության և անհայտ կորած հարազատների մասին հարցերին։
    Շտապ դեպքում զանգեք 112 կամ 911։
language-prompt = Ընտրեք լեզուն․
language-self-name = Հայերեն
language-set = Կպատասխանեմ հայերենով։ Լեզուն կարող եք փոխել ցանկացած պահի՝ /language հրամանով։
topics-prompt = Ի՞նչ է ձեզ պետք։ Ընտրեք թեմա կամ պարզապես գրեք ձեր հարցը։
topic-prompt = { $topic }․ ընտրեք հարցը։
menu-all-topics = Բոլոր թեմաները
menu-hint = Գրեք ընտրած տարբերակի համարը կամ ձեր հարցը։
choice-out-of-range =
    { $count ->
        [one] Խնդրում եմ, գրեք 1։
       *[other] Խնդրում եմ, գրեք թիվ՝ 1-ից մինչև { $count }։
    }
menu-expired = Այս ցանկն այլևս չի գործում։ Ահա գործող ցանկը։
greeting = Բարև ձեզ։ Ես այստեղ եմ, որ օգնեմ։
thanks = Խնդրեմ։ Առողջ եղեք և գրեք ցանկացած պահի։
acknowledged = Լավ։ Ես այստեղ եմ, գրեք ցանկացած պահի, երբ պետք լինի։
offtopic =
    Ներեցեք, այս հարցի պատասխանը չգիտեմ։
    Մարդու հետ խոսելու համար զանգեք կամավորների թեժ գծին՝ { $hotline }։ Շտապ դեպքում զանգեք 112 կամ 911։
plea =
    Ես այստեղ եմ, որ օգնեմ։ Գրեք, թե ինչ է ձեզ պետք՝ գիշերելու տեղ, սնունդ, բժիշկ, լուր հարազատների մասին, կամ ընտրեք թեման ստորև։
    Մարդու հետ խոսելու համար զանգեք կամավորների թեժ գծին՝ { $hotline }։ Շտապ դեպքում զանգեք 112 կամ 911։
did-you-mean = Համոզված չեմ, որ ճիշտ հասկացա։ Գուցե նկատի ունեի՞ք․
help =
    Գրեք հարցը ձեր բառերով՝ հայերեն, արաբերեն կամ անգլերեն։ Կամ օգտագործեք հրամանները․
    /topics — բոլոր թեմաները
    /language — փոխել լեզուն
    /near — ձեզ ամենամոտ բաց վայրերը
    /about — ով է կառավարում այս բոտը և ինչ տվյալներ է պահում
    /forget — ջնջել այն ամենը, ինչ բոտը պահում է ձեր մասին
    /subscribe — ստանալ կամավորների հաղորդագրությունները (դադարեցնելու համար՝ /unsubscribe)
    /help — այս հաղորդագրությունը
command-unknown = Չգիտեմ { $command } հրամանը։
empty-input = Գրեք ձեր հարցը կամ ուղարկեք /topics՝ բոլոր թեմաները տեսնելու համար։
forget-confirm = Ջնջե՞լ այն ամենը, ինչ այս բոտը պահում է ձեր մասին (ընտրված լեզուն և ցանկում ձեր տեղը)։ Սա հնարավոր չի լինի հետ բերել։
forget-yes = Այո, ջնջել
forget-no = Ոչ, պահել
forget-done = Արված է։ Այն ամենը, ինչ բոտը պահում էր ձեր մասին, ջնջված է։ Եթե նորից գրեք, կսկսենք զրոյից։
forget-kept = Ոչինչ չի ջնջվել։
error-generic = Ներեցեք, մեզ մոտ սխալ առաջացավ։ Խնդրում եմ, մի փոքր անց նորից փորձեք։
card-source = Աղբյուր՝ { $source }
card-checked-days =
    { $days ->
        [0] Ստուգվել է այսօր։
        [one] Ստուգվել է երեկ։
       *[other] Ստուգվել է { $days } օր առաջ։
    }
card-checked-on = Ստուգման ամսաթիվը՝ { $date }։
card-stale = ⚠ Այս տեղեկությունը կարող է հնացած լինել։ Ճշտեք տեղում՝ կամավորներից կամ պաշտոնյաներից։
card-places = Այս պահին բաց են․
card-places-none = Այս պահին այս տեսակի բաց վայր ցանկում չկա։
place-open = բաց
place-full = տեղ չկա
place-closed = փակ
place-hours-always = շուրջօրյա
place-hours = աշխատում է { $hours }
place-beds =
    { $beds ->
        [one] { $beds } մահճակալ
       *[other] { $beds } մահճակալ
    }
place-phone = հեռախոս՝ { $phone }
place-phone-example = հեռախոս՝ { $phone } (համարը օրինակ է)
distance-m = { $meters } մ հեռու
distance-km = { $km } կմ հեռու
near-heading = Ձեզ ամենամոտ բաց վայրերը․
place-found = Ահա այդ վայրը․
near-none = Ձեր մոտակայքում ինձ հայտնի բաց վայր չկա։
near-how = Ուղարկեք ձեր գտնվելու վայրը (թղթամրակի կոճակը, հետո՝ «Location») կամ գրեք /near, ապա լայնությունն ու երկայնությունը, օրինակ՝ /near 39.5075 46.3380
console-banner = refuge — գրեք ձեր հարցը, հրամանների համար՝ /help։ Դուրս գալու համար՝ Ctrl-D։
kind-shelter = կացարան
kind-registration = գրանցում
kind-food = սնունդ
kind-water = խմելու ջուր
kind-blankets = ծածկոցներ և հագուստ
kind-medical = բժշկական օգնություն
kind-pharmacy = դեղատուն
kind-fuel = վառելիք
kind-transport = տրանսպորտ
kind-phone = SIM քարտեր և լիցքավորում
kind-family = հարազատների որոնում
kind-cash = դրամական աջակցություն
list-separator = {", "}

## Կամավորներ. վայրերի ընթացիկ կարգավիճակը։
not-allowed = Ներողություն, սա կարող են անել միայն կամավորները։
place-usage =
    Վայրի տվյալները թարմացնելու համար գրեք՝ /place ID open, /place ID full, /place ID closed կամ /place ID beds N։
    Վայրերը․
place-list-line = { $id } — { $name } ({ $status })
place-unknown = { $id } նույնացուցիչով վայր չգիտեմ։ Նույնացուցիչները տեսնելու համար գրեք /place։
place-status-set = «{ $name }» վայրն այժմ նշված է որպես { $status }։
place-beds-set = «{ $name }» վայրում գրանցվեց { $beds } ազատ մահճակալ։
place-free-beds = { $beds } ազատ մահճակալ
place-updated-minutes =
    { $minutes ->
        [0] թարմացվել է հենց նոր
       *[other] թարմացվել է { $minutes } րոպե առաջ
    }
place-updated-hours = թարմացվել է { $hours } ժամ առաջ
place-updated-stale = ⚠ տվյալը կարող է հնացած լինել

## Բաժանորդագրություն կամավորների հաղորդագրություններին։
subscribed-all = Դուք կստանաք կամավորների հաղորդագրությունները բոլոր թեմաներով։ Դադարեցնելու համար գրեք /unsubscribe կամ STOP։
subscribed-topic = Դուք կստանաք կամավորների հաղորդագրությունները այս թեմայով՝ { $topic }։ Դադարեցնելու համար գրեք /unsubscribe կամ STOP։
subscribe-already = Դուք արդեն բաժանորդագրված եք այս հաղորդագրություններին։
subscribe-usage = Բոլոր հաղորդագրությունների համար գրեք /subscribe, իսկ մեկ թեմայի համար՝ /subscribe crossing, /subscribe shelter, /subscribe aid կամ /subscribe medical։
unsubscribed = Պատրաստ է․ այլևս հաղորդագրություններ չեք ստանա։
not-subscribed = Դուք բաժանորդագրված չեք որևէ հաղորդագրության։
share-location-button = 📍 Ուղարկել իմ գտնվելու վայրը
command-start = Սկսել նորից և ընտրել լեզուն
command-topics = Բոլոր թեմաները
command-near = Ձեզ ամենամոտ բաց վայրերը
command-language = Փոխել լեզուն
command-subscribe = Ստանալ կամավորների հաղորդագրությունները
command-unsubscribe = Այլևս չստանալ կամավորների հաղորդագրությունները
command-forget = Ջնջել այն ամենը, ինչ բոտը պահում է ձեր մասին
command-about = Ով է կառավարում բոտը և ինչ է պահում
command-help = Ինչպես օգտվել բոտից
language-name =
    { $lang ->
        [hy] հայերեն
        [ar] արաբերեն
       *[en] անգլերեն
    }
broadcast-audience-prompt = Ո՞ւմ ուղարկել այս հաղորդագրությունը։
broadcast-audience-all = Բոլոր բաժանորդներին
broadcast-audience-topic = «{ $topic }» թեմայի բաժանորդներին
broadcast-audience-lang = Բաժանորդներին, որոնք կարդում են { $language }
broadcast-ask-text = Գրեք { $language } տեքստը մեկ հաղորդագրությամբ։ Դադարեցնելու համար՝ /cancel
broadcast-ask-text-or-skip = Գրեք { $language } տեքստը մեկ հաղորդագրությամբ կամ ուղարկեք գծիկ (-)՝ դրա փոխարեն անգլերեն տեքստն ուղարկելու համար։ Դադարեցնելու համար՝ /cancel
broadcast-need-text = Անհրաժեշտ է տեքստը բոլոր լեզուներով․ գրեք { $language } տեքստը։ Անգլերեն տեքստով փոխարինել կարող է միայն համակարգողը։
broadcast-too-long = Տեքստը { $chars } նիշ է, իսկ հաղորդագրության առավելագույն երկարությունը { $max } նիշ է։ Խնդրում եմ, գրեք ավելի կարճ։
broadcast-preview = Նախադիտում՝ { $language }․
broadcast-preview-english = (անգլերեն տեքստը)
broadcast-confirm = Ուղարկե՞լ սա { $count } բաժանորդի։
broadcast-nobody = Դեռ ոչ ոք բաժանորդագրված չէ, ուստի հաղորդագրությունը չուղարկվեց։
broadcast-send = Ուղարկել
broadcast-drop = Չեղարկել
broadcast-queued = № { $id } հաղորդագրությունն ուղարկվում է { $count } բաժանորդի։ Ընթացքին հետևելու համար՝ /broadcast status { $id }
broadcast-dropped = Հաղորդագրությունը չուղարկվեց։
broadcast-status = Հաղորդագրություն № { $id } ({ $audience }), ընդամենը { $total }․ ուղարկված՝ { $sent }, սպասող՝ { $pending }, չհաջողված՝ { $failed }, չեղարկված՝ { $cancelled }։
broadcast-none = Դեռ ոչ մի հաղորդագրություն չի ուղարկվել։
broadcast-unknown = № { $id } հաղորդագրություն չկա։
broadcast-cancelled = № { $id } հաղորդագրության ուղարկումը դադարեցվեց․ { $count } հաղորդագրություն չի ուղարկվի։
broadcast-usage =
    /broadcast — գրել հաղորդագրություն բաժանորդներին
    /broadcast status [համար] — որքանով է ուղարկվել հաղորդագրությունը
    /broadcast cancel համար — դադարեցնել ուղարկումը
    /broadcast approve համար — հաստատել մեկ այլ կամավորի գրած հաղորդագրությունը
role-volunteer = կամավոր
role-coordinator = համակարգող
role-usage =
    /role add volunteer telegram 123456789 — դեր նշանակել (volunteer՝ կամավոր, coordinator՝ համակարգող․ ցանց՝ telegram, matrix կամ console)
    /role remove matrix @name:server — հանել դերը
    /role — այս ցանկը
role-granted = { $user } ({ $network }) այժմ { $role } է։
role-revoked = { $user } ({ $network }) այլևս զրույցում տրված դեր չունի։
role-unchanged = Ոչինչ չփոխվեց։
role-in-config = { $user } ({ $network }) նշված է config.toml ֆայլում․ փոխեք այնտեղ։
role-list-line = { $role }՝ { $network } { $user }
role-none = Զրույցում դեռ ոչ մի դեր չի տրվել։
broadcast-progress =
    Հաղորդագրություն № { $id }․ ուղարկված՝ { $sent }/{ $total }, չհաջողված՝ { $failed }, սպասող՝ { $pending }։ { $minutes ->
        [0] Մնացել է մեկ րոպեից պակաս։
       *[other] Մնացել է մոտ { $minutes } րոպե։
    }
broadcast-done = № { $id } հաղորդագրության ուղարկումն ավարտվեց․ ուղարկված՝ { $sent }/{ $total }, չհաջողված՝ { $failed }, չեղարկված՝ { $cancelled }։
broadcast-held = № { $id } հաղորդագրությունը սպասում է երկրորդ կամավորի հաստատմանը․ նա պետք է ուղարկի /broadcast approve { $id }
broadcast-own = № { $id } հաղորդագրությունը պետք է հաստատի մեկ այլ կամավոր, ոչ թե այն գրողը։
broadcast-not-held = № { $id } հաղորդագրությունը հաստատման չի սպասում։
broadcast-status-held = № { $id } հաղորդագրությունը ({ $audience }) սպասում է երկրորդ կամավորի հաստատմանը․ /broadcast approve { $id }
