"""Allocation's links to tables of apps that link back to it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('allocation', '0002_quantities_within_bounds'),
    ]

    dependencies = [
        ('allocation', '0001_squashed_0002_quantities_within_bounds'),
        ('assistance', '0001_squashed_0011_distribution_collector'),
        ('core', '0001_squashed_0005_usual_country_names'),
        ('supply', '0001_squashed_0008_stock_site_capacity_not_negative'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='allocationproposal',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by'),
        ),
        migrations.AddField(
            model_name='allocationproposal',
            name='cycle',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='assistance.cycle', verbose_name='cycle'),
        ),
        migrations.AddField(
            model_name='allocationproposal',
            name='proposed_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by'),
        ),
        migrations.AddField(
            model_name='proposalline',
            name='lot',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.lot', verbose_name='lot'),
        ),
        migrations.AddField(
            model_name='proposalline',
            name='origin',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='held at'),
        ),
        migrations.AddField(
            model_name='proposalline',
            name='proposal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='allocation.allocationproposal', verbose_name='proposal'),
        ),
        migrations.AddField(
            model_name='proposalline',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site'),
        ),
        migrations.AddField(
            model_name='proposalline',
            name='waybill',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.waybill', verbose_name='waybill'),
        ),
    ]
