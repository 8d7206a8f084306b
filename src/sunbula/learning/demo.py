"""Demo events and a farmer course from the seed documents, written through the services.

Facts from the seeds: the online international workshop of 22 December 2021 on OIC country
experience in food security governance (English with Arabic, French and Russian
interpretation, for officials who plan strategy and develop policy), the regional training
workshops on strategic planning and policy development planned for 2022 (in person with
online participation), and the call for online training of Afghan farmers. Timetables,
capacities, participants, attendance, the workshop's feedback survey and its answers, and
Afghanistan's delegation to the training are made up and flagged illustrative, as is the
workshop that presents the analysis of member states' food security policies, held some
weeks after the demo is loaded so that one event is always open for registration. Loading
twice changes nothing.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any, TypedDict, Unpack

from django.utils import timezone

from sunbula.core.demo import Log, persona_account
from sunbula.core.models import AdminArea, Country
from sunbula.learning import services
from sunbula.learning.models import Course, Event, Registration, Survey, SurveyQuestion
from sunbula.learning.services.surveys import OptionText, Recipient, attendees
from sunbula.programmes.models import Programme, Project

UTC = datetime.UTC

WORKSHOP_TITLE = (
    "OIC Country Experience in Food Security Governance for Strengthening South-South Cooperation"
)
WORKSHOP_OBJECTIVES = {
    "en": (
        "Member states present how they govern their food security systems.\n"
        "Participants weigh training workshops in 2022 on strategic planning and policy "
        "development, held in person and open to online participants.\n"
        "Participants say which areas of food security governance matter most to them, to "
        "shape the organisation's next activities.\n"
        "Participants consider a comparative analysis of member states' food security policies."
    ),
    "ar": (
        "تعرض الدول الأعضاء كيف تدير منظومات أمنها الغذائي.\n"
        "يناقش المشاركون ورش عمل تدريبية في عام 2022 حول التخطيط الاستراتيجي ووضع السياسات، "
        "حضوريًا مع إتاحة المشاركة عبر الإنترنت.\n"
        "يحدد المشاركون مجالات حوكمة الأمن الغذائي الأهم لهم لتوجيه أنشطة المنظمة القادمة.\n"
        "ينظر المشاركون في إعداد تحليل مقارن لسياسات الأمن الغذائي في الدول الأعضاء."
    ),
    "fr": (
        "Les États membres présentent la façon dont ils gouvernent leurs systèmes de sécurité "
        "alimentaire.\n"
        "Les participants examinent des ateliers de formation en 2022 sur la planification "
        "stratégique et l'élaboration des politiques, en présentiel et ouverts en ligne.\n"
        "Les participants indiquent les domaines de la gouvernance qui comptent le plus pour "
        "eux, afin d'orienter les prochaines activités de l'organisation.\n"
        "Les participants envisagent une analyse comparée des politiques de sécurité "
        "alimentaire des États membres."
    ),
    "ru": (
        "Государства-члены рассказывают, как они управляют системами продовольственной "
        "безопасности.\n"
        "Участники обсуждают учебные семинары 2022 года по стратегическому планированию и "
        "разработке политики — очно и с онлайн-участием.\n"
        "Участники называют важные для них направления управления продовольственной "
        "безопасностью, чтобы спланировать следующие мероприятия организации.\n"
        "Участники рассматривают сравнительный анализ политики продовольственной безопасности "
        "государств-членов."
    ),
}
AUDIENCE = {
    "en": "Government officials who plan strategy and develop policy in food security and "
    "agriculture: strategic planners, policy developers, legislators, programme analysts.",
    "ar": "المسؤولون الحكوميون عن التخطيط الاستراتيجي ووضع السياسات في الأمن الغذائي والزراعة.",
    "fr": "Responsables gouvernementaux de la planification stratégique et des politiques de "
    "sécurité alimentaire et d'agriculture.",
    "ru": "Государственные служащие, отвечающие за стратегическое планирование и политику в "
    "области продовольственной безопасности и сельского хозяйства.",
}

# Synthetic participants (illustrative): name, country, institution, role, listening language.
PARTICIPANTS = [
    ("Aigerim Sadykova", "KAZ", "Ministry of Agriculture", "strategic_planner", "ru"),
    ("Mehmet Yilmaz", "TUR", "Ministry of Agriculture and Forestry", "policy_developer", "en"),
    ("Fatima Benali", "MAR", "Ministry of Agriculture", "programme_analyst", "fr"),
    ("Omar Haddad", "EGY", "Ministry of Agriculture and Land Reclamation", "legislator", "ar"),
    ("Awa Diop", "SEN", "Ministry of Agriculture", "strategic_planner", "fr"),
    ("Rustam Nazarov", "TJK", "Ministry of Agriculture", "policy_developer", "ru"),
    ("Layla Al-Sayed", "JOR", "Ministry of Agriculture", "programme_analyst", "ar"),
    ("Ahmad Karimi", "AFG", "Ministry of Agriculture, Irrigation and Livestock", "other", "en"),
]
MINUTES = [120, 115, 95, 40, 120, 30, 118, 0]


class _Lesson(TypedDict):
    title: str
    title_translations: dict[str, str]
    body: str
    body_translations: dict[str, str]


LESSONS: list[_Lesson] = [
    {
        "title": "Choosing seed and preparing the field",
        "title_translations": {
            "fa-af": "انتخاب تخم و آماده‌سازی زمین",
            "ps": "د تخم ټاکل او د ځمکې چمتو کول",
        },
        "body": "Use clean, certified seed. Plough once and level the field so that water "
        "spreads evenly.",
        "body_translations": {
            "fa-af": "از تخم پاک و تصدیق‌شده استفاده کنید. زمین را یک بار قلبه کنید و هموار "
            "سازید تا آب یکسان پخش شود.",
            "ps": "پاک او تصدیق شوی تخم وکاروئ. ځمکه یو ځل قلبه کړئ او هواره یې کړئ چې اوبه "
            "په برابره توګه خپرې شي.",
        },
    },
    {
        "title": "Sowing at the right time",
        "title_translations": {"fa-af": "کشت در وقت مناسب", "ps": "په سم وخت کرل"},
        "body": "Sow autumn wheat when the soil has cooled, in rows, at the depth of a finger "
        "joint.",
        "body_translations": {
            "fa-af": "گندم تیرماهی را وقتی کشت کنید که خاک سرد شده باشد، به شکل قطار و به "
            "عمق یک بند انگشت.",
            "ps": "د مني غنم هغه وخت وکرئ چې خاوره سړه شوې وي، په کرښو کې او د ګوتې د یوې "
            "بند په ژوروالي.",
        },
    },
    {
        "title": "Water, fertiliser and harvest",
        "title_translations": {"fa-af": "آب، کود و درو", "ps": "اوبه، سره او لو"},
        "body": "Water at tillering and at flowering. Give nitrogen in two parts. Harvest when "
        "the grain is hard.",
        "body_translations": {
            "fa-af": "در وقت پنجه‌زدن و گل‌کردن آب بدهید. نایتروجن را در دو بخش بدهید. وقتی "
            "دانه سخت شد، درو کنید.",
            "ps": "د ټوکېدو او ګل کولو پر وخت اوبه ورکړئ. نایټروجن په دوو برخو ورکړئ. کله چې "
            "دانه کلکه شي، لو وکړئ.",
        },
    },
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


Session = tuple[str, dict[str, str], datetime.datetime, datetime.datetime]


def _sessions(event: Event, *sessions: Session) -> None:
    """The event's sessions: each its title, the title's translations, its start and end."""
    for title, translations, starts_at, ends_at in sessions:
        services.session_add(
            actor=None,
            event=event,
            title=title,
            title_translations=translations,
            starts_at=starts_at,
            ends_at=ends_at,
        )


def _governance() -> tuple[Programme | None, Project | None, Project | None]:
    return (
        Programme.objects.filter(code="FSG").first(),
        Project.objects.filter(code="FSG-WORKSHOP-2021").first(),
        Project.objects.filter(code="FSG-TRAININGS-2022").first(),
    )


def _governance_event(title: str, **fields: Unpack[services.EventFields]) -> Event:
    """An event of the food security governance programme: for officials who plan strategy
    and develop policy, in English with interpretation, on approval, with a Zoom link on
    Almaty time. Its timetable, capacity and participants are made up."""
    shared: services.EventFields = {
        "audience": AUDIENCE["en"],
        "audience_translations": {code: AUDIENCE[code] for code in ("ar", "fr", "ru")},
        "meeting_link": "https://zoom.us/",
        "time_zone": "Asia/Almaty",
        "working_language": "en",
        "interpretation_languages": ["ar", "fr", "ru"],
        "approval_required": True,
        "is_illustrative": True,
    }
    return services.event_create(actor=None, title=title, **(shared | fields))


PRESENTS_LABEL = "Will you present your country's experience?"
PRESENTS_TRANSLATIONS = {
    "ar": "هل ستعرض تجربة بلدك؟",
    "fr": "Présenterez-vous l'expérience de votre pays ?",
    "ru": "Будете ли вы представлять опыт своей страны?",
}


def _workshop(log: Log) -> None:
    if Event.objects.filter(title=WORKSHOP_TITLE).exists():
        return
    programme, project, _trainings = _governance()
    day = datetime.date(2021, 12, 22)
    event = _governance_event(
        WORKSHOP_TITLE,
        title_translations={
            "ar": "تجارب دول منظمة التعاون الإسلامي في حوكمة الأمن الغذائي لتعزيز التعاون "
            "بين بلدان الجنوب",
            "fr": "Expérience des pays de l'OCI en matière de gouvernance de la sécurité "
            "alimentaire pour renforcer la coopération Sud-Sud",
            "ru": "Опыт стран ОИС в управлении продовольственной безопасностью для укрепления "
            "сотрудничества Юг-Юг",
        },
        objectives=WORKSHOP_OBJECTIVES["en"],
        objectives_translations={code: WORKSHOP_OBJECTIVES[code] for code in ("ar", "fr", "ru")},
        kind=Event.Kind.WORKSHOP,
        modality=Event.Modality.ONLINE,
        programme=programme,
        project=project,
        starts_on=day,
        ends_on=day,
        capacity=100,
    )
    _sessions(
        event,
        (
            "Country experiences in food security governance",
            {
                "ar": "تجارب الدول في حوكمة الأمن الغذائي",
                "fr": "Expériences des pays en gouvernance de la sécurité alimentaire",
                "ru": "Опыт стран в управлении продовольственной безопасностью",
            },
            _at(day, 8),
            _at(day, 10),
        ),
        (
            "Training in 2022 and the policy analysis: discussion",
            {
                "ar": "التدريب في 2022 وتحليل السياسات: نقاش",
                "fr": "Formations 2022 et analyse des politiques : discussion",
                "ru": "Обучение в 2022 году и анализ политики: обсуждение",
            },
            _at(day, 10, 15),
            _at(day, 11, 45),
        ),
    )
    presents = services.question_add(
        actor=None,
        event=event,
        label=PRESENTS_LABEL,
        label_translations=PRESENTS_TRANSLATIONS,
        kind="yes_no",
        required=True,
        position=1,
    )
    services.question_add(
        actor=None,
        event=event,
        label="Title of your presentation",
        label_translations={
            "ar": "عنوان عرضك",
            "fr": "Titre de votre présentation",
            "ru": "Название вашего выступления",
        },
        kind="text",
        required=True,
        shown_if=presents,
        shown_if_answer="yes",
        position=2,
    )
    services.question_add(
        actor=None,
        event=event,
        label="Which areas of food security governance interest you most?",
        label_translations={
            "ar": "ما مجالات حوكمة الأمن الغذائي التي تهمك أكثر؟",
            "fr": "Quels domaines de la gouvernance de la sécurité alimentaire vous "
            "intéressent le plus ?",
            "ru": "Какие направления управления продовольственной безопасностью вам "
            "интереснее всего?",
        },
        kind="text",
        position=3,
    )
    submitted = _at(datetime.date(2021, 12, 10), 9)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    for index, (name, iso3, institution, role, listening) in enumerate(PARTICIPANTS):
        country = Country.objects.filter(iso3=iso3).first()
        if country is None:
            continue
        registration = services.registration_submit(
            actor=None,
            event=event,
            full_name=name,
            email=f"participant{index + 1}@example.org",
            country=country,
            institution=institution,
            role=role,
            language=listening,
            listening_language=listening,
            answers={PRESENTS_LABEL: "no"},
            is_illustrative=True,
            now=submitted + datetime.timedelta(hours=index),
        )
        services.registration_approve(actor=None, registration=registration)
        for session in event.sessions.all():
            minutes = min(MINUTES[index], session.length_minutes)
            if minutes:
                joined = session.starts_at.astimezone(zone)
                left = joined + datetime.timedelta(minutes=minutes)
                report = (
                    "User Email,Join Time,Leave Time\n"
                    f"{registration.email},{joined:%Y-%m-%d %H:%M:%S},{left:%Y-%m-%d %H:%M:%S}\n"
                )
                services.attendance_import(actor=None, session=session, report=report.encode())
        registration.refresh_from_db()
        if registration.status == Registration.Status.APPROVED and MINUTES[index] >= 60:
            services.certificate_issue(
                actor=None, registration=registration, now=_at(datetime.date(2021, 12, 23), 9)
            )
    _feedback(event)
    log("Learning: the 22 December 2021 governance workshop, with illustrative participants.")


FEEDBACK_TITLE = "How useful was the governance workshop?"


def _question(
    survey: Survey, label: str, translations: dict[str, str], kind: str, **more: Any
) -> SurveyQuestion:
    """A question of the demo's feedback survey, with its label in each language."""
    return services.survey_question_add(
        actor=None, survey=survey, label=label, label_translations=translations, kind=kind, **more
    )


# (usefulness 1–5, the training they would join, what the next workshop should cover)
FEEDBACK_ANSWERS = [
    (5, 0, "Financing of national food reserves"),
    (4, 1, ""),
    (4, 0, "Early warning and market information systems"),
    (3, 2, ""),
    (5, 1, "Digital agriculture for smallholders"),
]


def _feedback(event: Event) -> None:
    """The feedback survey sent to those who attended, the day after, and the first answers."""
    if Survey.objects.filter(event=event).exists():
        return
    survey = services.survey_create(
        actor=None,
        title=FEEDBACK_TITLE,
        title_translations={
            "ar": "ما مدى فائدة ورشة الحوكمة؟",
            "fr": "Quelle a été l'utilité de l'atelier sur la gouvernance ?",
            "ru": "Насколько полезным был семинар по управлению?",
        },
        event=event,
        is_illustrative=True,
    )
    useful = _question(
        survey,
        "How useful was the workshop for your work?",
        {
            "ar": "ما مدى فائدة الورشة لعملك؟",
            "fr": "Quelle a été l'utilité de l'atelier pour votre travail ?",
            "ru": "Насколько семинар был полезен для вашей работы?",
        },
        SurveyQuestion.Kind.SCALE,
        required=True,
    )
    training = _question(
        survey,
        "Which training in 2022 would you join?",
        {
            "ar": "في أي تدريب في عام 2022 ستشارك؟",
            "fr": "À quelle formation de 2022 participeriez-vous ?",
            "ru": "В каком обучении 2022 года вы бы участвовали?",
        },
        SurveyQuestion.Kind.SINGLE,
        options=[
            OptionText(
                "Strategic planning",
                {
                    "ar": "التخطيط الاستراتيجي",
                    "fr": "Planification stratégique",
                    "ru": "Стратегическое планирование",
                },
            ),
            OptionText(
                "Policy development",
                {
                    "ar": "وضع السياسات",
                    "fr": "Élaboration des politiques",
                    "ru": "Разработка политики",
                },
            ),
            OptionText(
                "Neither",
                {"ar": "لا هذا ولا ذاك", "fr": "Aucune", "ru": "Ни в каком"},
            ),
        ],
    )
    wishes = _question(
        survey,
        "What should the next workshop cover?",
        {
            "ar": "ما الذي ينبغي أن تتناوله الورشة القادمة؟",
            "fr": "Que devrait aborder le prochain atelier ?",
            "ru": "Чему следует посвятить следующий семинар?",
        },
        SurveyQuestion.Kind.TEXT,
    )
    sent = _at(datetime.date(2021, 12, 23), 10)
    issued = services.survey_invite(
        actor=None,
        survey=survey,
        recipients=[
            Recipient(
                full_name=registration.full_name,
                language=registration.language,
                registration=registration,
            )
            for registration in attendees(event)
        ],
        now=sent,
    )
    options = list(training.options.order_by("position"))
    for number, (score, choice, wish) in enumerate(FEEDBACK_ANSWERS, start=1):
        if number > len(issued):
            break
        services.survey_respond(
            actor=None,
            invitation=issued[number - 1].invitation,
            answers={useful.pk: score, training.pk: options[choice].pk, wishes.pk: wish},
            now=sent + datetime.timedelta(hours=number),
        )


def _trainings(log: Log) -> None:
    title = "Regional Training Workshop on Strategic Planning and Policy Development"
    if Event.objects.filter(title=title).exists():
        return
    programme, _workshop_project, project = _governance()
    event = _governance_event(
        title,
        title_translations={
            "ar": "ورشة عمل تدريبية إقليمية حول التخطيط الاستراتيجي ووضع السياسات",
            "fr": "Atelier régional de formation sur la planification stratégique et "
            "l'élaboration des politiques",
            "ru": "Региональный учебный семинар по стратегическому планированию и разработке "
            "политики",
        },
        objectives="Build the skills of government specialists of member states in strategic "
        "planning and policy development for food security.",
        objectives_translations={
            "ar": "بناء مهارات المختصين الحكوميين في الدول الأعضاء في التخطيط الاستراتيجي "
            "ووضع سياسات الأمن الغذائي.",
            "fr": "Renforcer les compétences des spécialistes gouvernementaux des États membres "
            "en planification stratégique et en politiques de sécurité alimentaire.",
            "ru": "Развить навыки государственных специалистов стран-членов в стратегическом "
            "планировании и политике продовольственной безопасности.",
        },
        kind=Event.Kind.TRAINING,
        modality=Event.Modality.HYBRID,
        programme=programme,
        project=project,
        venue="Astana",
        starts_on=datetime.date(2022, 6, 14),  # the seeds plan the trainings for 2022 only
        ends_on=datetime.date(2022, 6, 16),
        capacity=30,
    )
    topics = (
        (
            "Strategic planning",
            {
                "ar": "التخطيط الاستراتيجي",
                "fr": "Planification stratégique",
                "ru": "Стратегическое планирование",
            },
        ),
        (
            "Policy development",
            {"ar": "وضع السياسات", "fr": "Élaboration des politiques", "ru": "Разработка политики"},
        ),
        ("Practice", {"ar": "تطبيق عملي", "fr": "Mise en pratique", "ru": "Практика"}),
    )
    sessions: list[Session] = []
    for offset, (topic, translations) in enumerate(topics):
        day = datetime.date(2022, 6, 14) + datetime.timedelta(days=offset)
        sessions.append((topic, translations, _at(day, 4), _at(day, 10)))
    _sessions(event, *sessions)
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is not None:
        services.delegation_create(
            actor=None,
            event=event,
            country=afghanistan,
            focal_point=persona_account("focal.afg@sunbula.example"),
            quota=3,
        )
    log("Learning: the 2022 regional training workshop (in person with online participation).")


POLICY_TITLE = "Food security policies of OIC member states: a comparative analysis"
# How far ahead of the day the demo is loaded the policy workshop is held, so that the demo
# always has an event open for registration.
POLICY_WORKSHOP_AHEAD = datetime.timedelta(days=45)


def _policy_workshop(log: Log) -> None:
    """The workshop that presents the analysis of member states' food security policies,
    upcoming and open for registration; its day and timetable are made up."""
    if Event.objects.filter(title=POLICY_TITLE).exists():
        return
    programme, _workshop_project, _trainings_project = _governance()
    day = timezone.localdate() + POLICY_WORKSHOP_AHEAD
    event = _governance_event(
        POLICY_TITLE,
        title_translations={
            "ar": "سياسات الأمن الغذائي في الدول الأعضاء في منظمة التعاون الإسلامي: تحليل مقارن",
            "fr": "Politiques de sécurité alimentaire des États membres de l'OCI : une analyse "
            "comparée",
            "ru": "Политика продовольственной безопасности государств — членов ОИС: "
            "сравнительный анализ",
        },
        objectives="Present the comparative analysis of member states' food security "
        "policies and agree on the areas where the organisation supports them next.",
        objectives_translations={
            "ar": "عرض التحليل المقارن لسياسات الأمن الغذائي في الدول الأعضاء والاتفاق على "
            "المجالات التي تدعمها المنظمة فيها لاحقًا.",
            "fr": "Présenter l'analyse comparée des politiques de sécurité alimentaire des États "
            "membres et convenir des domaines où l'organisation les soutiendra ensuite.",
            "ru": "Представить сравнительный анализ политики продовольственной безопасности "
            "государств-членов и согласовать направления дальнейшей поддержки.",
        },
        kind=Event.Kind.WORKSHOP,
        modality=Event.Modality.HYBRID,
        programme=programme,
        venue="Astana",
        starts_on=day,
        ends_on=day,
        capacity=60,
    )
    _sessions(
        event,
        (
            "The comparative analysis",
            {"ar": "التحليل المقارن", "fr": "L'analyse comparée", "ru": "Сравнительный анализ"},
            _at(day, 4),
            _at(day, 6),
        ),
        (
            "Country experiences and next steps",
            {
                "ar": "تجارب الدول والخطوات التالية",
                "fr": "Expériences des pays et prochaines étapes",
                "ru": "Опыт стран и дальнейшие шаги",
            },
            _at(day, 7),
            _at(day, 9),
        ),
    )
    services.question_add(
        actor=None,
        event=event,
        label=PRESENTS_LABEL,
        label_translations=PRESENTS_TRANSLATIONS,
        kind="yes_no",
        required=True,
        position=1,
    )
    log("Learning: an upcoming workshop on member states' food security policies, open.")


def _wheat_course(log: Log) -> None:
    title = "Growing wheat"
    if Course.objects.filter(title=title).exists():
        return
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is None:
        return
    course = services.course_create(
        actor=None,
        title=title,
        title_translations={"fa-af": "کشت گندم", "ps": "د غنمو کرنه"},
        summary="Three short lessons for Afghan farmers who cannot travel to training.",
        summary_translations={
            "fa-af": "سه درس کوتاه برای دهقانان افغان که نمی‌توانند به آموزش سفر کنند.",
            "ps": "درې لنډ درسونه د هغو افغان بزګرانو لپاره چې روزنې ته سفر نشي کولی.",
        },
        country=afghanistan,
        project=Project.objects.filter(code="AFSP-WHEAT-HERAT").first(),
        languages=["fa-af", "ps", "en"],
        is_illustrative=True,
    )
    lessons = [
        services.lesson_add(actor=None, course=course, position=position, **values)
        for position, values in enumerate(LESSONS, start=1)
    ]
    districts = list(AdminArea.objects.filter(p_code__in=["AF3201", "AF0501"]))
    for index in range(12 if districts else 0):
        enrolment = services.farmer_enrol(
            actor=None,
            course=course,
            phone=f"+9370000{index:04d}",
            district=districts[index % len(districts)],
            sex="f" if index % 3 == 0 else "m",
            language="ps" if index % 2 else "fa-af",
            is_illustrative=True,
        )
        for lesson in lessons[: index % 4]:
            services.lesson_complete(actor=None, enrolment=enrolment, lesson=lesson)
    log("Learning: an online wheat course for Afghan farmers in Dari and Pashto.")


def load_learning_demo(log: Log) -> None:
    _workshop(log)
    _trainings(log)
    _policy_workshop(log)
    _wheat_course(log)
