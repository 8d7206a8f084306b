"""Forecasting's tables."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        ('programmes', '0001_squashed_0004_actual_not_below_zero'),
        ('supply', '0001_squashed_0008_stock_site_capacity_not_negative'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Forecast',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('made_on', models.DateField(verbose_name='as of')),
                ('horizon', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='months ahead')),
                ('draws', models.PositiveIntegerField(verbose_name='draws')),
                ('seed', models.PositiveIntegerField(default=0, verbose_name='seed')),
                ('explanation', models.JSONField(default=dict, verbose_name='explanation')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='run at')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='run by')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'forecast',
                'verbose_name_plural': 'forecasts',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ForecastLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on_hand', models.DecimalField(decimal_places=3, max_digits=16, verbose_name='on hand')),
                ('worst_p_break', models.DecimalField(decimal_places=4, max_digits=5, verbose_name='highest break probability')),
                ('explanation', models.JSONField(default=dict, verbose_name='explanation')),
                ('admin_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='province')),
                ('commodity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.commodity', verbose_name='commodity')),
                ('forecast', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='forecasting.forecast', verbose_name='forecast')),
            ],
            options={
                'verbose_name': 'forecast line',
                'verbose_name_plural': 'forecast lines',
                'ordering': ['forecast', 'admin_area__p_code', 'commodity__code'],
            },
        ),
        migrations.CreateModel(
            name='ForecastMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.PositiveSmallIntegerField(verbose_name='month')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('need', models.DecimalField(decimal_places=3, max_digits=16, verbose_name='need')),
                ('expected_arrivals', models.DecimalField(decimal_places=3, max_digits=16, verbose_name='expected arrivals')),
                ('expected_stock', models.DecimalField(decimal_places=3, max_digits=16, verbose_name='expected stock at month end')),
                ('p_break', models.DecimalField(decimal_places=4, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='break probability')),
                ('naive_break', models.BooleanField(default=False, verbose_name='break by months of cover')),
                ('line', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='months', to='forecasting.forecastline', verbose_name='line')),
            ],
            options={
                'verbose_name': 'forecast month',
                'verbose_name_plural': 'forecast months',
                'ordering': ['line', 'month'],
            },
        ),
        migrations.CreateModel(
            name='BreakAlertThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('probability', models.DecimalField(decimal_places=3, max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0.01')), django.core.validators.MaxValueValidator(Decimal('1'))], verbose_name='break probability threshold')),
                ('programme', models.ForeignKey(blank=True, help_text='Empty: every forecast the officer may see.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.programme', verbose_name='programme')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='break_thresholds', to=settings.AUTH_USER_MODEL, verbose_name='officer')),
            ],
            options={
                'verbose_name': 'break alert threshold',
                'verbose_name_plural': 'break alert thresholds',
                'ordering': ['user', 'programme'],
                'constraints': [models.UniqueConstraint(fields=('user', 'programme'), name='forecasting_threshold_once'), models.UniqueConstraint(condition=models.Q(('programme__isnull', True)), fields=('user',), name='forecasting_threshold_once_overall')],
            },
        ),
        migrations.AddConstraint(
            model_name='forecastline',
            constraint=models.UniqueConstraint(fields=('forecast', 'commodity', 'admin_area'), name='forecasting_line_once'),
        ),
        migrations.AddConstraint(
            model_name='forecastmonth',
            constraint=models.UniqueConstraint(fields=('line', 'month'), name='forecasting_month_once'),
        ),
    ]
