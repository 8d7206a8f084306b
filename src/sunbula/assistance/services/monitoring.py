"""Post-distribution monitoring: a reproducible random sample of the beneficiaries a cycle
served, each invited to a survey (learning's surveys) through a link of their own.

Beneficiaries have no e-mail address on record and the platform sends no SMS, so every link
is handed over on a printed or downloaded list; a link's code is stored nowhere (only its
digest), so the list exists only in the answer to the request that drew the sample.
Institutions are not sampled: a treatment centre or a prison is monitored by a site visit,
not by a household questionnaire.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.assistance.models import Beneficiary, Cycle, Monitoring, MonitoringSample
from sunbula.assistance.services.cycles import AssistanceError
from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.learning import services as surveys
from sunbula.learning.models import RESPONDENT_LANGUAGE_CODES, Survey

# The standard questionnaire: (English, {language: translation}, kind, options). Dari and
# Pashto too: the beneficiaries sampled in Afghanistan read those.
Options = Sequence[tuple[str, dict[str, str]]]
YES_NO: Options = (
    ("Yes", {"ar": "نعم", "fr": "Oui", "ru": "Да", "fa-af": "بلی", "ps": "هو"}),
    ("No", {"ar": "لا", "fr": "Non", "ru": "Нет", "fa-af": "نخیر", "ps": "نه"}),
)
STANDARD_QUESTIONS: Sequence[tuple[str, dict[str, str], str, Options]] = (
    (
        "Did you receive the full ration?",
        {
            "ar": "هل استلمت الحصة كاملة؟",
            "fr": "Avez-vous reçu la ration complète ?",
            "ru": "Получили ли вы полный паёк?",
            "fa-af": "آیا جیرهٔ کامل خود را دریافت کردید؟",
            "ps": "ایا تاسو بشپړه جیره ترلاسه کړه؟",
        },
        "single",
        (
            (
                "Yes, all of it",
                {
                    "ar": "نعم، كاملة",
                    "fr": "Oui, en entier",
                    "ru": "Да, полностью",
                    "fa-af": "بلی، تمام آن را",
                    "ps": "هو، ټوله مې ترلاسه کړه",
                },
            ),
            (
                "Only part of it",
                {
                    "ar": "جزء منها فقط",
                    "fr": "En partie",
                    "ru": "Только часть",
                    "fa-af": "فقط بخشی از آن را",
                    "ps": "یوازې یوه برخه یې",
                },
            ),
            ("No", {"ar": "لا", "fr": "Non", "ru": "Нет", "fa-af": "نخیر", "ps": "نه"}),
        ),
    ),
    (
        "How good was the quality of what you received? (1 very poor, 5 very good)",
        {
            "ar": "ما مدى جودة ما استلمته؟ (1 سيئة جدًا، 5 جيدة جدًا)",
            "fr": "Quelle était la qualité de ce que vous avez reçu ? (1 très mauvaise, 5 très bonne)",
            "ru": "Каково качество полученного? (1 очень плохое, 5 очень хорошее)",
            "fa-af": "کیفیت چیزی که دریافت کردید چطور بود؟ (۱ بسیار بد، ۵ بسیار خوب)",
            "ps": "د هغه څه کیفیت چې ترلاسه مو کړل څنګه و؟ (۱ ډېر خراب، ۵ ډېر ښه)",
        },
        "scale",
        (),
    ),
    (
        "How long did you wait at the distribution?",
        {
            "ar": "كم من الوقت انتظرت في مكان التوزيع؟",
            "fr": "Combien de temps avez-vous attendu à la distribution ?",
            "ru": "Сколько времени вы ждали на раздаче?",
            "fa-af": "در محل توزیع چقدر انتظار کشیدید؟",
            "ps": "د وېش په ځای کې مو څومره انتظار وکړ؟",
        },
        "single",
        (
            (
                "Less than an hour",
                {
                    "ar": "أقل من ساعة",
                    "fr": "Moins d'une heure",
                    "ru": "Меньше часа",
                    "fa-af": "کمتر از یک ساعت",
                    "ps": "له یوه ساعت لږ",
                },
            ),
            (
                "One to three hours",
                {
                    "ar": "من ساعة إلى ثلاث ساعات",
                    "fr": "D'une à trois heures",
                    "ru": "От одного до трёх часов",
                    "fa-af": "یک تا سه ساعت",
                    "ps": "له یوه تر درېیو ساعتونو",
                },
            ),
            (
                "More than three hours",
                {
                    "ar": "أكثر من ثلاث ساعات",
                    "fr": "Plus de trois heures",
                    "ru": "Больше трёх часов",
                    "fa-af": "بیشتر از سه ساعت",
                    "ps": "له درېیو ساعتونو ډېر",
                },
            ),
        ),
    ),
    (
        "Did you feel safe going to, at and coming back from the distribution?",
        {
            "ar": "هل شعرت بالأمان في الطريق إلى التوزيع وأثناءه وفي طريق العودة؟",
            "fr": "Vous êtes-vous senti en sécurité pour aller à la distribution, sur place et au retour ?",
            "ru": "Чувствовали ли вы себя в безопасности по пути на раздачу, на месте и на обратном пути?",
            "fa-af": "آیا در راه رفتن به محل توزیع، در آنجا و در راه برگشت احساس امنیت کردید؟",
            "ps": "ایا د وېش ځای ته د تګ پر مهال، هلته او د راستنېدو پر مهال مو ځان خوندي احساس کړ؟",
        },
        "single",
        YES_NO,
    ),
    (
        "Was the distribution explained to you in a language you understand?",
        {
            "ar": "هل شُرح لك التوزيع بلغة تفهمها؟",
            "fr": "La distribution vous a-t-elle été expliquée dans une langue que vous comprenez ?",
            "ru": "Объяснили ли вам порядок раздачи на понятном вам языке?",
            "fa-af": "آیا طرز توزیع به زبانی که می‌فهمید برای شما توضیح داده شد؟",
            "ps": "ایا د وېش کړنلاره په داسې ژبه درته تشریح شوه چې پرې پوهېږئ؟",
        },
        "single",
        YES_NO,
    ),
    (
        "Do you know how to make a complaint or give feedback about the assistance?",
        {
            "ar": "هل تعرف كيف تقدم شكوى أو ملاحظات بشأن المساعدة؟",
            "fr": "Savez-vous comment déposer une plainte ou donner votre avis sur l'assistance ?",
            "ru": "Знаете ли вы, как подать жалобу или отзыв о помощи?",
            "fa-af": "آیا می‌دانید چطور در مورد کمک‌ها شکایت کنید یا نظر خود را بگویید؟",
            "ps": "ایا پوهېږئ چې د مرستې په اړه څنګه شکایت وکړئ یا خپل نظر ووایاست؟",
        },
        "single",
        YES_NO,
    ),
    (
        "Anything else you want to tell us?",
        {
            "ar": "هل هناك أي شيء آخر تود إخبارنا به؟",
            "fr": "Souhaitez-vous nous dire autre chose ?",
            "ru": "Хотите ли вы сказать нам что-то ещё?",
            "fa-af": "آیا چیز دیگری هست که بخواهید به ما بگویید؟",
            "ps": "نور څه شته چې غواړئ موږ ته یې ووایاست؟",
        },
        "text",
        (),
    ),
)
REQUIRED_KINDS = ("single", "scale")


class MonitoringRefused(AssistanceError):
    status_code = 409


@dataclass(frozen=True)
class SampledLink:
    """One sampled beneficiary and their survey link (known only in this answer)."""

    beneficiary: Beneficiary
    link: str


def _served(cycle: Cycle) -> list[int]:
    """The ids, ascending, of the households, persons and farmers of the cycle that hold
    something distributed (net of reversals); institutions are left out."""
    return list(
        Beneficiary.objects.filter(cycle=cycle, entitlements__distributed__gt=0)
        .exclude(kind=Beneficiary.Kind.INSTITUTION)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def _sample(served: Sequence[int], size: int, seed: int) -> list[int]:
    """`size` of the served ids drawn at random from `seed`: the same ids for the same seed
    and list, whoever draws them."""
    drawn = random.Random(seed).sample(list(served), min(size, len(served)))  # noqa: S311 — a reproducible sample, not a secret
    return sorted(drawn)


def _standard_survey(actor: User | None, cycle: Cycle) -> Survey:
    name = cycle.local_name
    survey = surveys.survey_create(
        actor=actor,
        title=f"Post-distribution monitoring: {cycle.name}",
        title_translations={
            "ar": f"رصد ما بعد التوزيع: {name}",
            "fr": f"Suivi post-distribution : {name}",
            "ru": f"Мониторинг после раздачи: {name}",
            "fa-af": f"نظارت پس از توزیع: {name}",
            "ps": f"له وېش وروسته څارنه: {name}",
        },
        purpose=Survey.Purpose.MONITORING,
        country=cycle.country,
        programme=cycle.project.programme,
        is_illustrative=cycle.is_illustrative,
    )
    for label, translations, kind, options in STANDARD_QUESTIONS:
        surveys.survey_question_add(
            actor=actor,
            survey=survey,
            label=label,
            label_translations=translations,
            kind=kind,
            required=kind in REQUIRED_KINDS,
            options=[surveys.OptionText(text, names) for text, names in options],
        )
    return survey


def _size(served: int, size: int | None, percent: Decimal | None) -> int:
    if (size is None) == (percent is None):
        raise ValidationError(
            {"sample_size": _("Give either a sample size or a percentage of those served.")}
        )
    if size is not None:
        if size < 1:
            raise ValidationError({"sample_size": _("Sample at least one beneficiary.")})
        return min(size, served)
    assert percent is not None  # noqa: S101 — one of the two is given
    if not Decimal(0) < percent <= Decimal(100):
        raise ValidationError({"percent": _("Give a percentage above 0 and up to 100.")})
    return max(1, math.ceil(served * percent / 100))


@transaction.atomic
def monitoring_start(
    *,
    actor: User | None,
    cycle: Cycle,
    seed: int,
    sample_size: int | None = None,
    percent: Decimal | None = None,
    survey: Survey | None = None,
    language: str = "en",
    now: datetime.datetime | None = None,
) -> tuple[Monitoring, list[SampledLink]]:
    """Draw a sample of the beneficiaries the cycle served (`sample_size` of them, or
    `percent` of them), reproducible from `seed`, and invite each to `survey` (a monitoring
    survey not sent yet, or the standard questionnaire made now) in `language`; the links
    come back once, to be printed or downloaded."""
    cycle = Cycle.objects.select_for_update().select_related("project").get(pk=cycle.pk)
    if language not in RESPONDENT_LANGUAGE_CODES:
        raise ValidationError({"language": _("Unknown language.")})
    if seed < 0:
        raise ValidationError({"seed": _("Give a seed of zero or more.")})
    served = _served(cycle)
    if not served:
        raise MonitoringRefused(_("Nobody has been served in this cycle yet."))
    size = _size(len(served), sample_size, percent)
    if survey is None:
        survey = _standard_survey(actor, cycle)
    else:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.purpose != Survey.Purpose.MONITORING or survey.event_id is not None:
            raise MonitoringRefused(_("Choose a post-distribution monitoring survey."))
        if survey.country_id not in (None, cycle.country_id):
            raise MonitoringRefused(_("The survey is for another country than the cycle."))
        if survey.invitations.exists() or Monitoring.objects.filter(survey=survey).exists():
            raise MonitoringRefused(
                _("The survey has been sent already; choose one not sent yet, or a new one.")
            )
    chosen = _sample(served, size, seed)
    beneficiaries = Beneficiary.objects.in_bulk(chosen)
    now = now or timezone.now()
    issued = surveys.survey_invite(
        actor=actor,
        survey=survey,
        recipients=[surveys.Recipient(language=language) for _pk in chosen],
        now=now,
    )
    monitoring = Monitoring(
        cycle=cycle,
        survey=survey,
        seed=seed,
        served=len(served),
        sampled=len(chosen),
        language=language,
        started_by=actor,
        started_at=now,
    )
    monitoring.full_clean()
    monitoring.save()
    MonitoringSample.objects.bulk_create(
        MonitoringSample(monitoring=monitoring, beneficiary_id=pk, invitation=each.invitation)
        for pk, each in zip(chosen, issued, strict=True)
    )
    audit_record(
        actor=actor,
        action="assistance.monitoring.started",
        obj=monitoring,
        after={
            "cycle": cycle.pk,
            "survey": survey.pk,
            "seed": seed,
            "served": len(served),
            "sampled": len(chosen),
            "language": language,
        },
    )
    links = [
        SampledLink(beneficiaries[pk], each.link) for pk, each in zip(chosen, issued, strict=True)
    ]
    return monitoring, links
