"""Monitoring's tables, as the migrations up to 0002_markets_and_prices left them."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('monitoring', '0001_situation_datasets_and_phase_populations'),
        ('monitoring', '0002_markets_and_prices'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Market',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('admin_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='markets', to='core.country', verbose_name='country')),
                ('site', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'market',
                'verbose_name_plural': 'markets',
                'ordering': ['country__name', 'name'],
            },
        ),
        migrations.CreateModel(
            name='PriceObservation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commodity', models.CharField(max_length=120, verbose_name='commodity')),
                ('category', models.CharField(choices=[('cereals and tubers', 'Cereals and tubers'), ('meat, fish and eggs', 'Meat, fish and eggs'), ('milk and dairy', 'Milk and dairy'), ('miscellaneous food', 'Miscellaneous food'), ('non-food', 'Non-food'), ('oil and fats', 'Oil and fats'), ('pulses and nuts', 'Pulses and nuts'), ('vegetables and fruits', 'Vegetables and fruits')], max_length=30, verbose_name='commodity category')),
                ('unit', models.CharField(help_text='For example KG, 50 KG, L.', max_length=40, verbose_name='unit')),
                ('price_type', models.CharField(choices=[('Retail', 'Retail'), ('Wholesale', 'Wholesale')], default='Retail', max_length=10, verbose_name='price type')),
                ('price', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='price')),
                ('price_usd', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='price in USD')),
                ('observed_on', models.DateField(verbose_name='observed on')),
                ('source', models.CharField(blank=True, max_length=100, verbose_name='source submission')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('collected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='collected by')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
                ('market', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='prices', to='monitoring.market', verbose_name='market')),
            ],
            options={
                'verbose_name': 'price observation',
                'verbose_name_plural': 'price observations',
                'ordering': ['-observed_on', 'market__name', 'commodity', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='SituationDataset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('classification', models.CharField(choices=[('ipc', 'IPC'), ('ch', 'Cadre Harmonisé')], max_length=10, verbose_name='classification')),
                ('source', models.CharField(max_length=255, verbose_name='source')),
                ('published_on', models.DateField(verbose_name='published on')),
                ('is_illustrative', models.BooleanField(default=False, help_text='Demonstration data that the source documents do not give.', verbose_name='illustrative')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='situation_datasets', to='core.country', verbose_name='country')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'situation dataset',
                'verbose_name_plural': 'situation datasets',
                'ordering': ['-published_on', 'name'],
            },
        ),
        migrations.CreateModel(
            name='PhasePopulation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_type', models.CharField(choices=[('current', 'Current'), ('first_projection', 'First projection'), ('second_projection', 'Second projection')], max_length=20, verbose_name='period')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(blank=True, null=True, verbose_name='period end')),
                ('analysed', models.PositiveIntegerField(blank=True, null=True, verbose_name='population analysed')),
                ('phase1', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='phase 1')),
                ('phase2', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='phase 2')),
                ('phase3', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='phase 3')),
                ('phase4', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='phase 4')),
                ('phase5', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='phase 5')),
                ('admin_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phase_populations', to='monitoring.situationdataset', verbose_name='dataset')),
            ],
            options={
                'verbose_name': 'phase population',
                'verbose_name_plural': 'phase populations',
                'ordering': ['admin_area__p_code', 'period_start'],
            },
        ),
        migrations.AddConstraint(
            model_name='market',
            constraint=models.UniqueConstraint(fields=('country', 'name'), name='monitoring_market_once'),
        ),
        migrations.AddIndex(
            model_name='priceobservation',
            index=models.Index(fields=['market', 'commodity', 'unit', 'observed_on'], name='monitoring_price_series'),
        ),
        migrations.AddConstraint(
            model_name='priceobservation',
            constraint=models.CheckConstraint(condition=models.Q(('price__gt', 0)), name='monitoring_price_positive'),
        ),
        migrations.AddConstraint(
            model_name='situationdataset',
            constraint=models.UniqueConstraint(fields=('country', 'name', 'published_on'), name='monitoring_dataset_unique_name_date'),
        ),
        migrations.AddConstraint(
            model_name='phasepopulation',
            constraint=models.UniqueConstraint(fields=('dataset', 'admin_area', 'period_type', 'period_start'), name='monitoring_phasepopulation_unique_area_period'),
        ),
        migrations.AddConstraint(
            model_name='phasepopulation',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__isnull', True), ('period_end__gte', models.F('period_start')), _connector='OR'), name='monitoring_phasepopulation_period_in_order'),
        ),
    ]
