"""Counties as records, with each council's relation to its county over time; open data licence
per council; when councils and plans last changed.

The former `Council.county_role` ("none", "partner", "member") becomes a CountyRelation. Those
councils had no county recorded, so one county named "Fylkeskommunen" is made for them (rename
it in the admin); the relation has no date or decision, as none was recorded.
"""

import django.core.validators
import django.db.models.deletion
import plans.models
import regionplan.lib.text
from django.conf import settings
from django.db import migrations, models


def county_role_to_relations(apps, schema_editor):
    Council = apps.get_model("plans", "Council")
    County = apps.get_model("plans", "County")
    CountyRelation = apps.get_model("plans", "CountyRelation")
    councils = list(Council.objects.exclude(county_role="none").order_by("pk"))
    if not councils:
        return
    county, _ = County.objects.get_or_create(
        slug="fylkeskommunen", defaults={"name": "Fylkeskommunen", "short_name": "Fylkeskommunen"}
    )
    for council in councils:
        if council.county_id is None:
            council.county = county
            council.save(update_fields=["county"])
        CountyRelation.objects.create(
            council=council, county_id=council.county_id, kind=council.county_role
        )


def relations_to_county_role(apps, schema_editor):
    Council = apps.get_model("plans", "Council")
    CountyRelation = apps.get_model("plans", "CountyRelation")
    for council in Council.objects.all():
        latest = (
            CountyRelation.objects.filter(council=council, county_id=council.county_id)
            .order_by("-since", "-pk")
            .first()
        )
        role = latest.kind if latest and latest.kind in ("member", "partner") else "none"
        Council.objects.filter(pk=council.pk).update(county_role=role)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0010_import_upload_parsed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='County',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, validators=[regionplan.lib.text.reject_hidden_controls], verbose_name='name')),
                ('short_name', models.CharField(max_length=100, validators=[regionplan.lib.text.reject_hidden_controls], verbose_name='short name')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                ('language', models.CharField(blank=True, choices=[('nn', 'Nynorsk'), ('nb', 'Bokmål')], help_text="The county's pages in this language form; empty: the visitor's choice.", max_length=2, verbose_name='language form')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'county',
                'verbose_name_plural': 'counties',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='council',
            name='licence',
            field=models.CharField(choices=[('nlod-2.0', 'Norwegian Licence for Open Government Data (NLOD) 2.0'), ('cc-by-4.0', 'Creative Commons Attribution 4.0 (CC BY 4.0)'), ('cc0-1.0', 'Creative Commons Zero 1.0 (CC0 1.0, public domain)')], default='nlod-2.0', help_text="The licence the council's published plans are offered under as open data.", max_length=20, verbose_name='open data licence'),
        ),
        migrations.AddField(
            model_name='council',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated at'),
        ),
        migrations.AddField(
            model_name='plan',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated at'),
        ),
        migrations.AlterField(
            model_name='council',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, validators=[plans.models.reject_reserved_council_slug], verbose_name='slug'),
        ),
        migrations.AddField(
            model_name='council',
            name='county',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='councils', to='plans.county', verbose_name='county'),
        ),
        migrations.CreateModel(
            name='CountyRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='changed at')),
                ('kind', models.CharField(choices=[('member', 'Member'), ('partner', 'Partner'), ('not_member', 'Not a member')], max_length=20, verbose_name='relation')),
                ('since', models.DateField(blank=True, help_text='Leave empty if the day is not known.', null=True, verbose_name='since')),
                ('decision', models.CharField(blank=True, help_text='Which decision, e.g. “Fylkestinget 12 February 2025, case 5/25”.', max_length=300, validators=[regionplan.lib.text.reject_hidden_controls], verbose_name='decision')),
                ('reason', models.TextField(blank=True, help_text='Why the county is not a member, in the words of the decision.', max_length=1000, verbose_name='reason')),
                ('shares_plans', models.BooleanField(default=False, help_text="The council has agreed that the county's staff read all its plans, unpublished ones too. Internal notes and draft budgets stay the council's own.", verbose_name="the county's staff read all plans")),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='county_relations', to='plans.council', verbose_name='council')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='council_relations', to='plans.county', verbose_name='county')),
            ],
            options={
                'verbose_name': 'county relation',
                'verbose_name_plural': 'county relations',
                'ordering': ['council', 'county', models.OrderBy(models.F('since'), nulls_first=True), 'id'],
            },
        ),
        migrations.CreateModel(
            name='CountyMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('reader', 'County reader')], default='reader', max_length=20, verbose_name='role')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='plans.county', verbose_name='county')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='county_memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'county membership',
                'verbose_name_plural': 'county memberships',
                'constraints': [models.UniqueConstraint(fields=('user', 'county'), name='one_role_per_county')],
            },
        ),
        migrations.CreateModel(
            name='CountyPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=300, validators=[regionplan.lib.text.reject_hidden_controls], verbose_name='title')),
                ('kind', models.CharField(choices=[('planstrategi', 'Regional planning strategy'), ('regional_plan', 'Regional plan'), ('strategi', 'Strategy'), ('avtale', 'Agreement')], max_length=20, verbose_name='kind')),
                ('stage', models.CharField(blank=True, choices=[('preparation', 'In preparation'), ('consultation', 'Out for consultation'), ('adopted', 'Adopted')], help_text='Leave empty when the source does not say.', max_length=20, verbose_name='stage')),
                ('first_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='first year')),
                ('last_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='last year')),
                ('adopted_on', models.DateField(blank=True, null=True, verbose_name='adopted on')),
                ('adopted_by', models.CharField(blank=True, max_length=200, verbose_name='adopted by')),
                ('summary', models.TextField(blank=True, max_length=5000, verbose_name='summary')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='plans.county', verbose_name='county')),
            ],
            options={
                'verbose_name': 'county plan',
                'verbose_name_plural': 'county plans',
                'ordering': ['county', 'order', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('first_year__isnull', True), ('last_year__isnull', True), ('first_year__lte', models.F('last_year')), _connector='OR'), name='county_plan_years_in_order')],
            },
        ),
        migrations.RunPython(county_role_to_relations, relations_to_county_role),
        migrations.RemoveField(
            model_name='council',
            name='county_role',
        ),
    ]
