"""The demo's input round: Hallingdal asks its municipalities before Hallingtinget, as seed 001
ends ("Regionrådet vil utfordre kommunane i forkant av Hallingtinget å trekke fram 3 tiltak som
ein skal prioritere sterkare, 3 tiltak som ein skal trekke ut og 3 tiltak ein bør konkretisere
eller spisse").

INVENTED DEMO VALUES: the seed says the round will happen, not what anyone answered. Every
address, answer and reason below is made up to show the pages; none comes from a municipality.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from measures.models import Measure
from plans.models import Plan

from .models import Answer, Column, InputRound
from .services import open_round, submit_answer

TITLE = "Innspel frå kommunane før Hallingtinget"  # invented
# Invented: who answers and what; Nesbyen and Hol have not answered yet.
ANSWERS = {
    "Flå": (
        Answer.Channel.LINK,
        {
            Column.PRIORITISE: [
                ("1.1.1", "(Demo) Næringsareal er avgjerande for nye arbeidsplassar.")
            ],
            Column.REMOVE: [("3.1.1", "(Demo) Fylket held i dette allereie.")],
            Column.SHARPEN: [("1.2.1", "(Demo) Kven gjer kva, og innan når?")],
        },
    ),
    "Gol": (
        Answer.Channel.LINK,
        {
            Column.PRIORITISE: [
                ("1.1.1", "(Demo) Fleire verksemder ventar på ein felles plattform."),
                ("2.1.1", "(Demo) Rekruttering av fagfolk er det viktigaste."),
            ],
            Column.SHARPEN: [("1.2.1", "(Demo) Set ei ramme og ein frist.")],
        },
    ),
    "Hemsedal": (
        Answer.Channel.LINK,
        {
            Column.PRIORITISE: [("2.1.1", "(Demo) Me manglar sjukepleiarar.")],
            Column.REMOVE: [("3.1.1", "(Demo) Lite regionrådet kan gjere.")],
        },
    ),
    "Ål": (
        Answer.Channel.LETTER,
        {
            Column.REMOVE: [("4.1.1", "(Demo) Klimarådet er alt på plass i Ål.")],
            Column.SHARPEN: [("1.2.1", "(Demo) Uklart ansvar.")],
        },
    ),
}


def load_demo_round(base_url="http://127.0.0.1:8000/"):
    """Hallingdal's demo round, once; returns it, or None if it was there already."""
    plan = Plan.objects.filter(council__slug="hallingdal", slug="regionplan").first()
    if plan is None or InputRound.objects.filter(plan=plan, title=TITLE).exists():
        return None
    user = get_user_model().objects.filter(username="hallingdal-sekretariat").first()
    round_ = open_round(
        plan,
        title=TITLE,
        counts=dict.fromkeys(Column, 3),
        deadline=timezone.localdate() + dt.timedelta(days=30),
        message="Sjå sak 03-26 om status og vegen vidare for Regionplanen.",
        emails={},  # invented addresses would be mailed: the demo sends nothing
        user=user,
        base_url=base_url,
    )
    measures = {
        measure.code: measure
        for measure in Measure.objects.filter(goal__focus_area__plan=plan).select_related(
            "goal__focus_area"
        )
    }
    for invitation in round_.invitations.all():
        if invitation.name not in ANSWERS:
            continue
        channel, columns = ANSWERS[invitation.name]
        picks = [
            (column, measures[code], reason)
            for column, found in columns.items()
            for code, reason in found
        ]
        submit_answer(
            invitation,
            picks,
            channel=channel,
            answered_by="Formannskapet (demo)",
            received_on=timezone.localdate() if channel == Answer.Channel.LETTER else None,
            user=user if channel == Answer.Channel.LETTER else None,
        )
    return round_
