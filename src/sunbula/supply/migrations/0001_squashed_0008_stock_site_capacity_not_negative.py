"""Supply's tables, as the migrations up to 0008_stock_site_capacity_not_negative left them."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import sunbula.core.multilingual
import sunbula.core.validation
import sunbula.supply.models
from decimal import Decimal
from django.conf import settings
from sunbula.core.trigram import trigram_indexes
from sunbula.supply.append_only import append_only_ledger
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('supply', '0001_commodities_lots_ledger_waybills'),
        ('supply', '0002_movements_append_only'),
        ('supply', '0003_movement_lot_kind'),
        ('supply', '0004_purchase_orders_goods_receipts_waybill_cancel'),
        ('supply', '0005_expired_stock_write_off'),
        ('supply', '0006_quantities_within_bounds'),
        ('supply', '0007_lot_reference_trigram'),
        ('supply', '0008_stock_site_capacity_not_negative'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        ('funding', '0001_squashed_0004_pledge_reference_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Commodity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('code', models.CharField(max_length=40, unique=True, verbose_name='code')),
                ('category', models.CharField(choices=[('cereals', 'Cereals and tubers'), ('pulses', 'Pulses and nuts'), ('oil', 'Oil and fats'), ('mixed', 'Mixed and blended foods'), ('sugar_salt', 'Sugar and salt'), ('inputs', 'Agricultural inputs'), ('non_food', 'Non-food items')], max_length=20, verbose_name='category')),
                ('base_unit', models.CharField(choices=[('kg', 'kilogram'), ('piece', 'piece'), ('litre', 'litre')], default='kg', max_length=10, verbose_name='base unit')),
                ('package_size', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='package size')),
                ('package_name', models.CharField(blank=True, max_length=40, verbose_name='package')),
                ('kcal_per_kg', models.PositiveIntegerField(blank=True, null=True, verbose_name='energy (kcal per kg)')),
                ('shelf_life_days', models.PositiveIntegerField(blank=True, null=True, verbose_name='shelf life (days)')),
            ],
            options={
                'verbose_name': 'commodity',
                'verbose_name_plural': 'commodities',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Lot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('reference', models.CharField(max_length=60, unique=True, verbose_name='lot')),
                ('provenance', models.CharField(choices=[('in_kind', 'In-kind contribution'), ('purchase', 'Purchase')], max_length=10, verbose_name='provenance')),
                ('batch', models.CharField(blank=True, max_length=60, verbose_name='batch')),
                ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                ('quantity_received', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity received')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('commodity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lots', to='supply.commodity', verbose_name='commodity')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('donor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='donor')),
                ('payment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='funding.payment', verbose_name='contribution or payment')),
                ('pledge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='funding.pledge', verbose_name='pledge')),
            ],
            options={
                'verbose_name': 'lot',
                'verbose_name_plural': 'lots',
                'ordering': ['reference'],
            },
        ),
        migrations.CreateModel(
            name='PurchaseOrder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='order reference')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('unit', models.CharField(choices=[('kg', 'kilogram'), ('t', 'tonne'), ('piece', 'piece'), ('litre', 'litre')], max_length=10, verbose_name='unit')),
                ('unit_price', models.DecimalField(decimal_places=4, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='unit price')),
                ('ordered_on', models.DateField(verbose_name='ordered on')),
                ('units_per_usd', models.DecimalField(decimal_places=8, max_digits=20, verbose_name='units per US dollar')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (USD)')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('ordered', 'Ordered'), ('partly_received', 'Partly received'), ('received', 'Received'), ('cancelled', 'Cancelled')], default='draft', max_length=16, verbose_name='status')),
                ('notes', models.CharField(blank=True, max_length=255, verbose_name='notes')),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='purchase_orders', to='funding.commitment', verbose_name='commitment')),
                ('commodity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.commodity', verbose_name='commodity')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
                ('payment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='purchase_orders', to='funding.payment', verbose_name='payment')),
                ('supplier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='supplier')),
            ],
            options={
                'verbose_name': 'purchase order',
                'verbose_name_plural': 'purchase orders',
                'ordering': ['-ordered_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='GoodsReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=60, verbose_name='document reference')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity received')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                ('batch', models.CharField(blank=True, max_length=60, verbose_name='batch')),
                ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
                ('lot', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='goods_receipt', to='supply.lot', verbose_name='lot')),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='supply.purchaseorder', verbose_name='purchase order')),
            ],
            options={
                'verbose_name': 'goods receipt',
                'verbose_name_plural': 'goods receipts',
                'ordering': ['received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='StockBalance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, default=Decimal('0'), max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='on hand')),
                ('lot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='balances', to='supply.lot', verbose_name='lot')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stock_balances', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'stock balance',
                'verbose_name_plural': 'stock balances',
                'ordering': ['site__name', 'lot__reference'],
            },
        ),
        migrations.CreateModel(
            name='StockCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('counted_on', models.DateField(verbose_name='counted on')),
                ('reason', models.CharField(max_length=255, verbose_name='reason')),
                ('status', models.CharField(choices=[('counted', 'Counted'), ('approved', 'Approved')], default='counted', max_length=10, verbose_name='status')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('counted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='counted by')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'stock count',
                'verbose_name_plural': 'stock counts',
                'ordering': ['-counted_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='StockCountLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('book_quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='book quantity')),
                ('counted_quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0')), sunbula.core.validation.kilograms_in_bounds], verbose_name='counted quantity')),
                ('count', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='supply.stockcount', verbose_name='stock count')),
                ('lot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.lot', verbose_name='lot')),
            ],
            options={
                'verbose_name': 'stock count line',
                'verbose_name_plural': 'stock count lines',
                'ordering': ['count', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='StockMovement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('receipt', 'Receipt'), ('dispatch', 'Dispatch'), ('transfer_in', 'Transfer in'), ('distribution', 'Distribution'), ('loss', 'Loss'), ('adjustment', 'Adjustment')], max_length=12, verbose_name='kind')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('reference', models.CharField(max_length=60, verbose_name='document reference')),
                ('reason', models.CharField(max_length=255, verbose_name='reason')),
                ('loss_cause', models.CharField(blank=True, choices=[('transport_damage', 'Transport damage'), ('theft', 'Theft'), ('spoilage', 'Spoilage'), ('short_delivery', 'Short delivery'), ('rebagging', 'Rebagging'), ('expired', 'Expired'), ('other', 'Other')], max_length=20, verbose_name='cause of loss')),
                ('loss_stage', models.CharField(blank=True, choices=[('before_custody', 'Before custody passed to the receiving partner'), ('after_custody', 'After custody passed to the receiving partner')], max_length=20, verbose_name='stage of loss')),
                ('occurred_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('lot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='supply.lot', verbose_name='lot')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'stock movement',
                'verbose_name_plural': 'stock movements',
                'ordering': ['occurred_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ExpiryWriteOff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('approved', 'Approved')], default='requested', max_length=10, verbose_name='status')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
                ('lot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.lot', verbose_name='lot')),
                ('movement', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.stockmovement', verbose_name='movement')),
            ],
            options={
                'verbose_name': 'write-off of expired stock',
                'verbose_name_plural': 'write-offs of expired stock',
                'ordering': ['-requested_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='StockSite',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('capacity', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), sunbula.core.validation.kilograms_in_bounds], verbose_name='storage capacity')),
                ('is_active', models.BooleanField(default=True, verbose_name='holds stock')),
                ('site', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='stock_keeping', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'stock-keeping site',
                'verbose_name_plural': 'stock-keeping sites',
                'ordering': ['site__name'],
            },
        ),
        migrations.CreateModel(
            name='Waybill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('number', models.CharField(max_length=40, unique=True, verbose_name='waybill number')),
                ('vehicle', models.CharField(blank=True, max_length=60, verbose_name='vehicle')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('dispatched', 'Dispatched'), ('received', 'Received'), ('closed', 'Closed'), ('cancelled', 'Cancelled')], default='draft', max_length=12, verbose_name='status')),
                ('dispatched_on', models.DateField(blank=True, null=True, verbose_name='dispatched on')),
                ('received_on', models.DateField(blank=True, null=True, verbose_name='received on')),
                ('destination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='destination')),
                ('origin', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='origin')),
                ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
                ('transporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='transporter')),
            ],
            options={
                'verbose_name': 'waybill',
                'verbose_name_plural': 'waybills',
                'ordering': ['-dispatched_on', 'number'],
            },
        ),
        migrations.CreateModel(
            name='WaybillLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.001')), sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity sent')),
                ('packages', models.PositiveIntegerField(default=0, validators=[sunbula.supply.models.packages_in_bounds], verbose_name='packages')),
                ('received_quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity received')),
                ('lost_quantity', models.DecimalField(decimal_places=3, default=Decimal('0'), max_digits=14, validators=[sunbula.core.validation.kilograms_in_bounds], verbose_name='quantity lost')),
                ('loss_cause', models.CharField(blank=True, choices=[('transport_damage', 'Transport damage'), ('theft', 'Theft'), ('spoilage', 'Spoilage'), ('short_delivery', 'Short delivery'), ('rebagging', 'Rebagging'), ('expired', 'Expired'), ('other', 'Other')], max_length=20, verbose_name='cause of loss')),
                ('loss_stage', models.CharField(blank=True, choices=[('before_custody', 'Before custody passed to the receiving partner'), ('after_custody', 'After custody passed to the receiving partner')], max_length=20, verbose_name='stage of loss')),
                ('loss_flagged', models.BooleanField(default=False, verbose_name='loss above threshold')),
                ('loss_approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='loss approved by')),
                ('lot', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='supply.lot', verbose_name='lot')),
                ('waybill', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='supply.waybill', verbose_name='waybill')),
            ],
            options={
                'verbose_name': 'waybill line',
                'verbose_name_plural': 'waybill lines',
                'ordering': ['waybill', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='waybill_line',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='supply.waybillline', verbose_name='waybill line'),
        ),
        migrations.AddConstraint(
            model_name='purchaseorder',
            constraint=models.CheckConstraint(condition=models.Q(('units_per_usd__gt', 0)), name='supply_order_rate_positive'),
        ),
        migrations.AddConstraint(
            model_name='stockbalance',
            constraint=models.UniqueConstraint(fields=('site', 'lot'), name='supply_balance_once'),
        ),
        migrations.AddConstraint(
            model_name='stockbalance',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gte', 0)), name='supply_balance_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='waybill',
            constraint=models.CheckConstraint(condition=models.Q(('origin', models.F('destination')), _negated=True), name='supply_waybill_two_sites'),
        ),
        migrations.AddIndex(
            model_name='stockmovement',
            index=models.Index(fields=['lot', 'kind'], name='supply_movement_lot_kind'),
        ),
        migrations.AddConstraint(
            model_name='stockmovement',
            constraint=models.CheckConstraint(condition=models.Q(('quantity', 0), _negated=True), name='supply_movement_not_zero'),
        ),
        append_only_ledger(),
        trigram_indexes("supply_lot", {"supply_lot_reference_trgm": "reference", "supply_lot_batch_trgm": "batch"}),
    ]
