"""Allocation's tables, as the migrations up to 0002_quantities_within_bounds left them."""

import django.core.validators
import sunbula.core.validation
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('allocation', '0001_proposals_and_lines'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='AllocationProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('applied', 'Applied'), ('rejected', 'Rejected')], default='draft', max_length=10, verbose_name='status')),
                ('mode', models.CharField(choices=[('rations', 'Cut rations (everyone served, down to the floor)'), ('caseload', 'Cut caseload (full rations for fewer people)')], max_length=10, verbose_name='when supply falls short')),
                ('floor_kcal', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='ration floor (kcal per person per day)')),
                ('months', models.PositiveSmallIntegerField(verbose_name='months')),
                ('explanation', models.JSONField(default=dict, verbose_name='explanation')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='proposed')),
            ],
            options={
                'verbose_name': 'allocation proposal',
                'verbose_name_plural': 'allocation proposals',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ProposalLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.PositiveSmallIntegerField(verbose_name='month')),
                ('proposed_kg', models.DecimalField(decimal_places=3, max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='proposed (kg)')),
                ('kg', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity (kg)')),
            ],
            options={
                'verbose_name': 'proposal line',
                'verbose_name_plural': 'proposal lines',
                'ordering': ['proposal', 'month', 'site__name', 'lot__reference', 'pk'],
            },
        ),
    ]
