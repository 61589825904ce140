# refuge — نصوص الواجهة بالعربية الفصحى (Arabic interface text).
# Placeables are not wrapped in bidi marks (see ARCHITECTURE.md); the code isolates only values
# whose direction differs from the message's.
# Every line starts with an Arabic word, never with a Latin word or a /command, so that phones
# keep the paragraph right-to-left; commands go at the end of a line, after a colon.
# Plurals select with PLURAL($n) (correct CLDR categories for every number, 103 → few, 220 → many).

welcome =
    مرحبًا، أنا refuge، مساعد آلي للعائلات القادمة من ناغورنو كاراباخ.
    أجيب عن الأسئلة المتعلقة بعبور الحدود، والمأوى، والطعام، والمساعدة الطبية، والأقارب المفقودين.
    في حالة الطوارئ، اتصل بالرقم 112 أو 911.
language-prompt = اختر لغتك:
language-self-name = العربية
language-set = سأجيبك بالعربية. لتغيير اللغة في أي وقت: /language
topics-prompt = ماذا تحتاج؟ اختر موضوعًا، أو اكتب سؤالك مباشرةً.
topic-prompt = { $topic }: اختر سؤالًا.
menu-all-topics = جميع المواضيع
menu-hint = اكتب رقم اختيارك أو سؤالك.
choice-out-of-range =
    { PLURAL($count) ->
        [zero] لا توجد خيارات في هذه القائمة. اكتب سؤالك بكلماتك.
        [one] يُرجى كتابة الرقم 1.
        [two] يُرجى كتابة الرقم 1 أو 2.
        [few] يُرجى كتابة رقم من 1 إلى { $count }.
        [many] يُرجى كتابة رقم من 1 إلى { $count }.
       *[other] يُرجى كتابة رقم من 1 إلى { $count }.
    }
menu-expired = هذه القائمة لم تعد صالحة. إليك القائمة الحالية.
greeting = أهلًا بك! أنا هنا لمساعدتك.
thanks = على الرحب والسعة. اعتنِ بنفسك، واكتب لي متى شئت.
acknowledged = حسنًا. أنا هنا متى احتجت إليّ، فاكتب لي في أي وقت.
offtopic =
    آسف، لا أعرف الإجابة عن هذا السؤال.
    إذا أردت التحدث إلى شخص، فاتصل بخط المتطوعين على الرقم { $hotline }. وفي حالة الطوارئ، اتصل بالرقم 112 أو 911.
plea =
    أنا هنا لمساعدتك. اكتب لي ما تحتاجه: مكانًا للنوم، أو طعامًا، أو طبيبًا، أو أخبارًا عن عائلتك، أو اختر موضوعًا من القائمة أدناه.
    إذا أردت التحدث إلى شخص، فاتصل بخط المتطوعين على الرقم { $hotline }. وفي حالة الطوارئ، اتصل بالرقم 112 أو 911.
did-you-mean = لست متأكدًا من أنني فهمتك. هل تقصد:
help =
    اكتب سؤالك بكلماتك، بالأرمنية أو العربية أو الإنجليزية. أو استخدم أحد الأوامر التالية:
    • جميع المواضيع: /topics
    • تغيير اللغة: /language
    • أقرب الأماكن المفتوحة إليك: /near
    • من يدير هذا البوت، وما الذي يحفظه: /about
    • حذف كل ما يحفظه البوت عنك: /forget
    • تلقّي تحديثات المتطوعين: /subscribe (ولإيقافها: /unsubscribe)
    • عرض هذه الرسالة: /help
command-unknown = لا أعرف الأمر { $command }.
empty-input = اكتب سؤالك. لعرض جميع المواضيع: /topics
forget-confirm = هل تريد حذف كل ما يحفظه هذا البوت عنك (لغتك وموضعك في القائمة)؟ لا يمكن التراجع عن ذلك.
forget-yes = نعم، احذف كل شيء
forget-no = لا، لا تحذف شيئًا
forget-done = تم. حُذف كل ما كان البوت يحفظه عنك. وإذا كتبت مرة أخرى، فستبدأ المحادثة من جديد.
forget-kept = لم يُحذف أي شيء.
error-generic = عذرًا، حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى بعد قليل.
card-source = المصدر: { $source }
card-checked-days =
    { PLURAL($days) ->
        [zero] تم التحقق من المعلومات اليوم.
        [one] تم التحقق من المعلومات أمس.
        [two] تم التحقق من المعلومات قبل يومين.
        [few] تم التحقق من المعلومات قبل { $days } أيام.
        [many] تم التحقق من المعلومات قبل { $days } يومًا.
       *[other] تم التحقق من المعلومات قبل { $days } يوم.
    }
card-checked-on = تم التحقق من المعلومات بتاريخ { $date }.
card-stale = ⚠ قد تكون هذه المعلومات قديمة. تحقّق منها لدى المتطوعين أو المسؤولين في المكان.
card-places = أماكن مفتوحة:
card-places-none = لا يوجد في قائمتنا حاليًا مكان مفتوح من هذا النوع.
place-open = مفتوح
place-full = ممتلئ
place-closed = مغلق
place-hours-always = يعمل ليلًا ونهارًا
place-hours = ساعات العمل: { $hours }
place-beds =
    { PLURAL($beds) ->
        [zero] لا أسرّة
        [one] سرير واحد
        [two] سريران
        [few] { $beds } أسرّة
        [many] { $beds } سريرًا
       *[other] { $beds } سرير
    }
place-phone = الهاتف: { $phone }
place-phone-example = الهاتف: { $phone } (رقم للتوضيح فقط)
distance-m =
    { PLURAL($meters) ->
        [zero] على بُعد خطوات
        [one] على بُعد متر واحد
        [two] على بُعد مترين
        [few] على بُعد { $meters } أمتار
        [many] على بُعد { $meters } مترًا
       *[other] على بُعد { $meters } متر
    }
distance-km = على بُعد { $km } كم
near-heading = أقرب الأماكن المفتوحة إليك:
place-found = إليك هذا المكان:
near-none = لا أعرف أي مكان مفتوح بالقرب منك.
near-how =
    شارك موقعك: اضغط زر المرفقات (مشبك الورق)، ثم اختر «الموقع».
    أو اكتب الأمر متبوعًا بخط العرض وخط الطول، مثلًا: /near 39.5075 46.3380
console-banner = برنامج refuge: اكتب سؤالك. لعرض الأوامر: /help، وللخروج: Ctrl-D
kind-shelter = مأوى
kind-registration = تسجيل
kind-food = طعام
kind-water = مياه الشرب
kind-blankets = بطانيات وملابس
kind-medical = مساعدة طبية
kind-pharmacy = صيدلية
kind-fuel = وقود
kind-transport = نقل
kind-phone = شرائح الهاتف والشحن
kind-family = البحث عن الأقارب
kind-cash = مساعدة نقدية
list-separator = {"، "}

## المتطوعون: الحالة الحالية للأماكن.
not-allowed = عذرًا، هذا الإجراء متاح للمتطوعين فقط.
place-usage =
    لتحديث حالة مكان اكتب أحد الأوامر: /place ID open أو /place ID full أو /place ID closed أو /place ID beds N
    الأماكن:
place-list-line = { $name } ({ $status }): { $id }
place-unknown = لا أعرف مكانًا بالمعرّف { $id }. لعرض المعرّفات: /place
place-status-set = سُجّلت حالة «{ $name }»: { $status }.
place-beds-set =
    { PLURAL($beds) ->
        [zero] سُجّل لـ«{ $name }»: لا أسرّة شاغرة.
        [one] سُجّل لـ«{ $name }»: سرير شاغر واحد.
        [two] سُجّل لـ«{ $name }»: سريران شاغران.
        [few] سُجّل لـ«{ $name }»: { $beds } أسرّة شاغرة.
        [many] سُجّل لـ«{ $name }»: { $beds } سريرًا شاغرًا.
       *[other] سُجّل لـ«{ $name }»: { $beds } سرير شاغر.
    }
place-free-beds =
    { PLURAL($beds) ->
        [zero] لا أسرّة شاغرة
        [one] سرير شاغر واحد
        [two] سريران شاغران
        [few] { $beds } أسرّة شاغرة
        [many] { $beds } سريرًا شاغرًا
       *[other] { $beds } سرير شاغر
    }
place-updated-minutes =
    { PLURAL($minutes) ->
        [zero] حُدّثت الآن
        [one] حُدّثت قبل دقيقة
        [two] حُدّثت قبل دقيقتين
        [few] حُدّثت قبل { $minutes } دقائق
        [many] حُدّثت قبل { $minutes } دقيقة
       *[other] حُدّثت قبل { $minutes } دقيقة
    }
place-updated-hours =
    { PLURAL($hours) ->
        [zero] حُدّثت قبل أقل من ساعة
        [one] حُدّثت قبل ساعة
        [two] حُدّثت قبل ساعتين
        [few] حُدّثت قبل { $hours } ساعات
        [many] حُدّثت قبل { $hours } ساعة
       *[other] حُدّثت قبل { $hours } ساعة
    }
place-updated-stale = ⚠ قد تكون الحالة قديمة

## الاشتراك في تحديثات المتطوعين.
subscribed-all = ستصلك تحديثات المتطوعين في جميع المواضيع. لإيقافها اكتب: /unsubscribe أو STOP
subscribed-topic = ستصلك تحديثات المتطوعين حول: { $topic }. لإيقافها اكتب: /unsubscribe أو STOP
subscribe-already = أنت مشترك بالفعل في هذه التحديثات.
subscribe-usage = لتلقي جميع التحديثات اكتب: /subscribe، ولموضوع واحد: /subscribe crossing أو /subscribe shelter أو /subscribe aid أو /subscribe medical
unsubscribed = تم: لن تصلك التحديثات بعد الآن.
not-subscribed = أنت غير مشترك في أي تحديثات.
share-location-button = 📍 إرسال موقعي
command-start = البدء من جديد واختيار اللغة
command-topics = جميع المواضيع
command-near = أقرب الأماكن المفتوحة إليك
command-language = تغيير اللغة
command-subscribe = تلقّي تحديثات المتطوعين
command-unsubscribe = إيقاف تحديثات المتطوعين
command-forget = حذف كل ما يحفظه البوت عنك
command-about = من يدير هذا البوت، وما الذي يحفظه
command-help = طريقة استخدام البوت
language-name =
    { $lang ->
        [hy] الأرمنية
        [ar] العربية
       *[en] الإنجليزية
    }
broadcast-audience-prompt = إلى من تريد إرسال هذه الرسالة؟
broadcast-audience-all = جميع المشتركين
broadcast-audience-topic = المشتركون في موضوع «{ $topic }»
broadcast-audience-lang = المشتركون الذين اختاروا اللغة { $language }
broadcast-ask-text = اكتب النص باللغة { $language } في رسالة واحدة. للإيقاف: /cancel
broadcast-ask-text-or-skip = اكتب النص باللغة { $language } في رسالة واحدة، أو أرسل شرطة (-) لإرسال النص الإنجليزي بدلًا منه. للإيقاف: /cancel
broadcast-need-text = يجب كتابة الرسالة بكل اللغات: اكتبها باللغة { $language }. لا يستطيع إرسال النص الإنجليزي بدلًا منها إلا المنسّق.
broadcast-too-long = عدد أحرف هذا النص { $chars }، والحد الأقصى للرسالة { $max }. يُرجى كتابة نص أقصر.
broadcast-preview = معاينة باللغة { $language }:
broadcast-preview-english = (النص الإنجليزي)
broadcast-confirm =
    { PLURAL($count) ->
        [zero] لا يوجد مشتركون لإرسال الرسالة إليهم.
        [one] هل تريد إرسال هذه الرسالة إلى مشترك واحد؟
        [two] هل تريد إرسال هذه الرسالة إلى مشتركَين اثنين؟
        [few] هل تريد إرسال هذه الرسالة إلى { $count } مشتركين؟
        [many] هل تريد إرسال هذه الرسالة إلى { $count } مشتركًا؟
       *[other] هل تريد إرسال هذه الرسالة إلى { $count } مشترك؟
    }
broadcast-nobody = لا يوجد بعدُ أي مشترك ضمن هذه الفئة، لذلك لم تُرسَل الرسالة.
broadcast-send = إرسال
broadcast-drop = إلغاء
broadcast-queued =
    { PLURAL($count) ->
        [zero] لا يوجد مشتركون لإرسال الرسالة رقم { $id } إليهم.
        [one] الرسالة رقم { $id } في طريقها إلى مشترك واحد. لمتابعتها: /broadcast status { $id }
        [two] الرسالة رقم { $id } في طريقها إلى مشتركَين اثنين. لمتابعتها: /broadcast status { $id }
        [few] الرسالة رقم { $id } في طريقها إلى { $count } مشتركين. لمتابعتها: /broadcast status { $id }
        [many] الرسالة رقم { $id } في طريقها إلى { $count } مشتركًا. لمتابعتها: /broadcast status { $id }
       *[other] الرسالة رقم { $id } في طريقها إلى { $count } مشترك. لمتابعتها: /broadcast status { $id }
    }
broadcast-dropped = لم تُرسَل الرسالة.
broadcast-status = الرسالة رقم { $id } ({ $audience }): أُرسلت { $sent }، وتنتظر { $pending }، وفشلت { $failed }، وأُلغيت { $cancelled }، من أصل { $total }.
broadcast-none = لم تُرسَل أي رسالة جماعية بعد.
broadcast-unknown = لا توجد رسالة جماعية برقم { $id }.
broadcast-cancelled = أُوقفت الرسالة رقم { $id }: لن يُرسَل ما تبقّى منها ({ $count }).
broadcast-usage =
    • كتابة رسالة جماعية إلى المشتركين: /broadcast
    • متابعة إرسال رسالة: /broadcast status [الرقم]
    • إيقاف إرسال رسالة: /broadcast cancel الرقم
    • الموافقة على رسالة كتبها متطوع آخر: /broadcast approve الرقم
role-volunteer = متطوع
role-coordinator = منسّق
role-usage =
    • منح دور (volunteer للمتطوع أو coordinator للمنسّق؛ والشبكة telegram أو matrix أو console): /role add volunteer telegram 123456789
    • سحب الدور: /role remove matrix @name:server
    • عرض هذه القائمة: /role
role-granted = مُنح { $user } على { $network } دور { $role }.
role-revoked = لم يعد لـ { $user } على { $network } أي دور مُنح في المحادثة.
role-unchanged = لم يتغير شيء.
role-in-config = { $user } على { $network } مُدرج في ملف config.toml، لذا عدِّل دوره هناك.
role-list-line = { $role }: { $network } { $user }
role-none = لم يُمنح أي دور في المحادثة بعد.
broadcast-progress =
    الرسالة رقم { $id }: أُرسلت { $sent } من أصل { $total }، وفشلت { $failed }، وتنتظر { $pending }. { PLURAL($minutes) ->
        [zero] بقي أقل من دقيقة.
        [one] بقيت دقيقة واحدة تقريبًا.
        [two] بقيت دقيقتان تقريبًا.
        [few] بقيت { $minutes } دقائق تقريبًا.
        [many] بقيت { $minutes } دقيقة تقريبًا.
       *[other] بقيت { $minutes } دقيقة تقريبًا.
    }
broadcast-done = انتهى إرسال الرسالة رقم { $id }: أُرسلت { $sent } من أصل { $total }، وفشلت { $failed }، وأُلغيت { $cancelled }.
broadcast-held = الرسالة رقم { $id } بانتظار موافقة متطوع آخر، وعليه أن يرسل: /broadcast approve { $id }
broadcast-own = الرسالة رقم { $id } تحتاج إلى موافقة متطوع آخر غير الذي كتبها.
broadcast-not-held = الرسالة رقم { $id } ليست بانتظار الموافقة.
broadcast-status-held = الرسالة رقم { $id } ({ $audience }) بانتظار موافقة متطوع ثانٍ: /broadcast approve { $id }
