"""Assistance's tables, as the migrations up to 0011_distribution_collector left them."""

import django.core.validators
import sunbula.core.multilingual
import sunbula.core.validation
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('assistance', '0001_cycles_entitlements_distributions'),
        ('assistance', '0002_tallies'),
        ('assistance', '0003_distribution_client_id'),
        ('assistance', '0004_plan_approval_reversals_lists'),
        ('assistance', '0005_entitlement_room_to_update'),
        ('assistance', '0006_list_movements_and_fewer_indexes'),
        ('assistance', '0007_post_distribution_monitoring'),
        ('assistance', '0008_quantities_within_bounds'),
        ('assistance', '0009_distributions_latest_first'),
        ('assistance', '0010_distribution_reference_unique'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Beneficiary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('household', 'Household'), ('person', 'Person'), ('farmer', 'Farmer'), ('institution', 'Institution')], max_length=12, verbose_name='kind')),
                ('reference', models.CharField(max_length=200, verbose_name='reference')),
                ('displacement', models.CharField(blank=True, max_length=10, verbose_name='displacement status')),
                ('people', models.PositiveIntegerField(verbose_name='people')),
                ('females', models.PositiveIntegerField(default=0, verbose_name='females')),
                ('males', models.PositiveIntegerField(default=0, verbose_name='males')),
                ('children', models.PositiveIntegerField(default=0, verbose_name='children')),
                ('adults', models.PositiveIntegerField(default=0, verbose_name='adults')),
                ('elderly', models.PositiveIntegerField(default=0, verbose_name='elderly')),
            ],
            options={
                'verbose_name': 'beneficiary',
                'verbose_name_plural': 'beneficiaries',
                'ordering': ['cycle', 'reference'],
            },
        ),
        migrations.CreateModel(
            name='Cycle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('modality', models.CharField(choices=[('in_kind', 'In kind')], default='in_kind', max_length=10, verbose_name='modality')),
                ('ration_kind', models.CharField(choices=[('person_day', 'Per person per day'), ('household_month', 'Per household per month'), ('resident_month', 'Per institution resident per month'), ('farmer_basket', 'Farmer input basket')], max_length=20, verbose_name='ration')),
                ('status', models.CharField(choices=[('planning', 'Planning'), ('frozen', 'Beneficiary list frozen'), ('closed', 'Closed')], default='planning', max_length=10, verbose_name='status')),
            ],
            options={
                'verbose_name': 'cycle',
                'verbose_name_plural': 'cycles',
                'ordering': ['-period_start', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Distribution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('person_days', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=16, verbose_name='person-days of food')),
                ('distributed_on', models.DateField(verbose_name='distributed on')),
                ('reference', models.CharField(max_length=60, verbose_name='reference')),
                ('collector', models.CharField(choices=[('beneficiary', 'The beneficiary'), ('member', 'Another household member'), ('proxy', 'A proxy')], default='beneficiary', max_length=12, verbose_name='handed to')),
                ('reason', models.CharField(blank=True, max_length=255, verbose_name='reason')),
                ('client_id', models.UUIDField(blank=True, null=True, unique=True, verbose_name='device record id')),
            ],
            options={
                'verbose_name': 'distribution',
                'verbose_name_plural': 'distributions',
                'ordering': ['-distributed_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='DistributionList',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('distributed_on', models.DateField(verbose_name='distributed on')),
                ('file_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                ('sha256', models.CharField(max_length=64, verbose_name='digest')),
                ('lines', models.PositiveIntegerField(default=0, verbose_name='lines')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
            ],
            options={
                'verbose_name': 'distribution list',
                'verbose_name_plural': 'distribution lists',
                'ordering': ['-uploaded_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='DistributionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_institution', models.BooleanField(default=False, verbose_name='institution delivery')),
                ('quantity', models.DecimalField(decimal_places=3, default=Decimal('0'), max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('person_days', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=16, verbose_name='person-days of food')),
                ('distributions', models.PositiveIntegerField(default=0, verbose_name='distributions')),
            ],
            options={
                'verbose_name': 'distribution tally',
                'verbose_name_plural': 'distribution tallies',
            },
        ),
        migrations.CreateModel(
            name='Draw',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('person_days', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=16, verbose_name='person-days of food')),
            ],
            options={
                'verbose_name': 'draw from a lot',
                'verbose_name_plural': 'draws from lots',
                'ordering': ['distribution', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EligibilityRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('displacement_status', 'Displacement status'), ('vulnerability', 'Vulnerability'), ('admin_area', 'Administrative area (P-code)'), ('farmer_group', 'Farmer group'), ('institution_kind', 'Institution kind'), ('household_size', 'Household size (for example 5, 3-6 or 7+)')], max_length=20, verbose_name='field')),
                ('value', models.CharField(max_length=200, verbose_name='value')),
            ],
            options={
                'verbose_name': 'eligibility rule',
                'verbose_name_plural': 'eligibility rules',
                'ordering': ['cycle', 'field', 'value'],
            },
        ),
        migrations.CreateModel(
            name='Entitlement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='entitled')),
                ('distributed', models.DecimalField(decimal_places=3, default=Decimal('0'), max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='distributed')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('partly', 'Partly distributed'), ('distributed', 'Distributed'), ('expired', 'Expired'), ('cancelled', 'Cancelled')], default='draft', max_length=12, verbose_name='status')),
            ],
            options={
                'verbose_name': 'entitlement',
                'verbose_name_plural': 'entitlements',
                'ordering': ['cycle', 'beneficiary__reference', 'commodity__name'],
            },
        ),
        migrations.CreateModel(
            name='Monitoring',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seed', models.PositiveIntegerField(verbose_name='seed')),
                ('served', models.PositiveIntegerField(verbose_name='beneficiaries served')),
                ('sampled', models.PositiveIntegerField(verbose_name='beneficiaries sampled')),
                ('language', models.CharField(max_length=5, verbose_name='language of the survey')),
                ('started_at', models.DateTimeField(verbose_name='started')),
            ],
            options={
                'verbose_name': 'post-distribution monitoring',
                'verbose_name_plural': 'post-distribution monitorings',
                'ordering': ['-started_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MonitoringSample',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'sampled beneficiary',
                'verbose_name_plural': 'sampled beneficiaries',
                'ordering': ['monitoring', 'beneficiary__reference'],
            },
        ),
        migrations.CreateModel(
            name='RationLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
            ],
            options={
                'verbose_name': 'ration line',
                'verbose_name_plural': 'ration lines',
                'ordering': ['cycle', 'commodity__name'],
            },
        ),
        migrations.CreateModel(
            name='Reach',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_institution', models.BooleanField(default=False, verbose_name='institution delivery')),
                ('quantity', models.DecimalField(decimal_places=3, default=Decimal('0'), max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('person_days', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=16, verbose_name='person-days of food')),
            ],
            options={
                'verbose_name': 'reach of a lot',
                'verbose_name_plural': 'reach of lots',
            },
        ),
        migrations.CreateModel(
            name='ReachedTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('counted_for', models.CharField(choices=[('cycle', 'Cycle'), ('lot', 'Lot'), ('pledge', 'Pledge')], max_length=6, verbose_name='counted for')),
                ('displacement', models.CharField(blank=True, max_length=10, verbose_name='displacement status')),
                ('beneficiaries', models.PositiveIntegerField(default=0, verbose_name='beneficiaries')),
                ('people', models.PositiveIntegerField(default=0, verbose_name='people')),
                ('females', models.PositiveIntegerField(default=0, verbose_name='females')),
                ('males', models.PositiveIntegerField(default=0, verbose_name='males')),
                ('children', models.PositiveIntegerField(default=0, verbose_name='children')),
                ('adults', models.PositiveIntegerField(default=0, verbose_name='adults')),
                ('elderly', models.PositiveIntegerField(default=0, verbose_name='elderly')),
            ],
            options={
                'verbose_name': 'people reached tally',
                'verbose_name_plural': 'people reached tallies',
            },
        ),
    ]
