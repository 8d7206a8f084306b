"""Core's tables, as the migrations up to 0005_usual_country_names left them."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import sunbula.core.models
import sunbula.core.multilingual
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('core', '0001_initial'),
        ('core', '0002_schedule_runs_and_notifications'),
        ('core', '0003_api_tokens'),
        ('core', '0004_sign_in_failures'),
        ('core', '0005_usual_country_names'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('iso2', models.CharField(max_length=2, unique=True, verbose_name='ISO 3166 alpha-2')),
                ('iso3', models.CharField(max_length=3, unique=True, verbose_name='ISO 3166 alpha-3')),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Currency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('code', models.CharField(max_length=3, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'Three capital letters, e.g. KZT.')], verbose_name='ISO 4217 code')),
                ('minor_units', models.PositiveSmallIntegerField(default=2, verbose_name='decimal places')),
            ],
            options={
                'verbose_name': 'currency',
                'verbose_name_plural': 'currencies',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail address')),
                ('full_name', models.CharField(blank=True, max_length=200, verbose_name='full name')),
                ('preferred_language', models.CharField(blank=True, default='en', max_length=10, verbose_name='preferred language')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('is_staff', models.BooleanField(default=False, verbose_name='back-office access')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='joined')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'ordering': ['email'],
            },
            managers=[
                ('objects', sunbula.core.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('prefix', models.CharField(max_length=8, unique=True, verbose_name='prefix')),
                ('digest', models.CharField(max_length=64, verbose_name='digest')),
                ('read_only', models.BooleanField(default=True, verbose_name='read only')),
                ('domains', models.JSONField(blank=True, default=list, verbose_name='domains')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('expires_at', models.DateTimeField(verbose_name='expires')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AdminArea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('level', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='admin level')),
                ('p_code', models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^[A-Z]{2,3}[0-9A-Z]+$', 'A p-code is letters then digits.')], verbose_name='p-code')),
                ('pcode_set_version', models.CharField(max_length=40, verbose_name='p-code set version')),
                ('iso_3166_2', models.CharField(blank=True, max_length=10, verbose_name='ISO 3166-2 code')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='core.adminarea', verbose_name='parent area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='admin_areas', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'admin area',
                'verbose_name_plural': 'admin areas',
                'ordering': ['p_code'],
            },
        ),
        migrations.CreateModel(
            name='ExchangeRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('valid_from', models.DateField(verbose_name='in force from')),
                ('units_per_usd', models.DecimalField(decimal_places=8, max_digits=20, validators=[django.core.validators.MinValueValidator(Decimal('1E-8'))], verbose_name='units per US dollar')),
                ('source', models.CharField(max_length=200, verbose_name='source')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rates', to='core.currency', verbose_name='currency')),
            ],
            options={
                'verbose_name': 'exchange rate',
                'verbose_name_plural': 'exchange rates',
                'ordering': ['currency__code', '-valid_from'],
            },
        ),
        migrations.CreateModel(
            name='MemberState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('oic_status', models.CharField(choices=[('member', 'Member'), ('suspended', 'Suspended')], default='member', max_length=20, verbose_name='OIC status')),
                ('oic_status_note', models.CharField(blank=True, max_length=255, verbose_name='note on OIC status')),
                ('iofs_membership', models.CharField(choices=[('member', 'Member'), ('not_member', 'Not a member'), ('unknown', 'Not recorded')], default='unknown', max_length=20, verbose_name='IOFS membership')),
                ('iofs_member_since', models.DateField(blank=True, null=True, verbose_name='IOFS member since')),
                ('country', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='member_state', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'member state',
                'verbose_name_plural': 'member states',
                'ordering': ['country__name'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('subject', models.CharField(max_length=255, verbose_name='subject')),
                ('body', models.TextField(blank=True, verbose_name='message')),
                ('link', models.CharField(blank=True, max_length=500, verbose_name='link')),
                ('key', models.CharField(blank=True, max_length=120, verbose_name='key')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('email', models.BooleanField(default=True, verbose_name='by e-mail')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('acronym', models.CharField(blank=True, max_length=30, verbose_name='acronym')),
                ('kind', models.CharField(choices=[('government', 'Government'), ('un_agency', 'UN agency'), ('igo', 'Intergovernmental organisation'), ('ngo', 'Non-governmental organisation'), ('association', 'Association'), ('private', 'Private sector')], max_length=20, verbose_name='kind')),
                ('iati_type', models.CharField(choices=[('10', 'Government'), ('11', 'Local government'), ('15', 'Other public sector'), ('21', 'International NGO'), ('22', 'National NGO'), ('23', 'Regional NGO'), ('24', 'Partner-country-based NGO'), ('30', 'Public-private partnership'), ('40', 'Multilateral'), ('60', 'Foundation'), ('70', 'Private sector'), ('71', 'Private sector in provider country'), ('72', 'Private sector in aid-recipient country'), ('73', 'Private sector in third country'), ('80', 'Academic, training and research'), ('90', 'Other')], max_length=2, verbose_name='IATI organisation type')),
                ('iati_identifier', models.CharField(blank=True, max_length=60, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9-]*-\\S+$', 'Use the form XM-DAC-41140.')], verbose_name='IATI organisation identifier')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('country', models.ForeignKey(blank=True, help_text='Leave empty for an international organisation.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='core.country', verbose_name='country')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='core.organisation', verbose_name='parent organisation')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ProtectionClearance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=255, verbose_name='reason')),
                ('granted_at', models.DateTimeField(auto_now_add=True, verbose_name='granted')),
                ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='protection_clearance', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'protection clearance',
                'verbose_name_plural': 'protection clearances',
            },
        ),
        migrations.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('administrator', 'Administrator'), ('programme_officer', 'Programme officer'), ('logistics_officer', 'Logistics officer'), ('protection_officer', 'Protection officer'), ('me_officer', 'M&E officer'), ('event_organiser', 'Event organiser'), ('policy_analyst', 'Policy analyst'), ('donor_viewer', 'Donor viewer'), ('country_focal_point', 'Country focal point')], max_length=30, verbose_name='role')),
                ('granted_at', models.DateTimeField(auto_now_add=True, verbose_name='granted')),
                ('countries', models.ManyToManyField(blank=True, help_text='Leave empty for every country.', related_name='+', to='core.country', verbose_name='countries')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to='core.organisation', verbose_name='organisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'role assignment',
                'verbose_name_plural': 'role assignments',
            },
        ),
        migrations.CreateModel(
            name='ScheduleRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='schedule')),
                ('due_at', models.DateTimeField(verbose_name='due at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('outcome', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=20, verbose_name='outcome')),
                ('message', models.CharField(blank=True, max_length=255, verbose_name='message')),
            ],
            options={
                'verbose_name': 'schedule run',
                'verbose_name_plural': 'schedule runs',
                'ordering': ['-due_at', 'name'],
                'constraints': [models.UniqueConstraint(fields=('name', 'due_at'), name='core_schedulerun_once')],
            },
        ),
        migrations.CreateModel(
            name='SignInFailures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('account_at_address', 'account at an address'), ('address', 'address')], max_length=20, verbose_name='kind')),
                ('key', models.CharField(max_length=64, verbose_name='key')),
                ('failures', models.PositiveIntegerField(default=0, verbose_name='failures')),
                ('first_failed_at', models.DateTimeField(verbose_name='first failure')),
                ('locked_until', models.DateTimeField(blank=True, null=True, verbose_name='locked until')),
            ],
            options={
                'verbose_name': 'failed sign-ins',
                'verbose_name_plural': 'failed sign-ins',
                'constraints': [models.UniqueConstraint(fields=('kind', 'key'), name='core_signinfailures_once')],
            },
        ),
        migrations.CreateModel(
            name='Site',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('kind', models.CharField(choices=[('warehouse', 'Warehouse'), ('distribution_point', 'Distribution point'), ('treatment_centre', 'Drug-treatment centre'), ('prison', 'Prison or detention centre'), ('office', 'Office'), ('training_venue', 'Training venue'), ('farmer_field_school', 'Farmer field school')], max_length=30, verbose_name='kind')),
                ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(Decimal('-90')), django.core.validators.MaxValueValidator(Decimal('90'))], verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(Decimal('-180')), django.core.validators.MaxValueValidator(Decimal('180'))], verbose_name='longitude')),
                ('is_illustrative', models.BooleanField(default=False, help_text='Demonstration data that the source documents do not give.', verbose_name='illustrative')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('admin_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='core.adminarea', verbose_name='admin area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='core.country', verbose_name='country')),
                ('operating_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='core.organisation', verbose_name='operating organisation')),
            ],
            options={
                'verbose_name': 'site',
                'verbose_name_plural': 'sites',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time')),
                ('actor_email', models.CharField(blank=True, max_length=254, verbose_name='actor')),
                ('action', models.CharField(db_index=True, max_length=80, verbose_name='action')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='record id')),
                ('object_repr', models.CharField(blank=True, max_length=255, verbose_name='record')),
                ('before', models.JSONField(blank=True, null=True, verbose_name='before')),
                ('after', models.JSONField(blank=True, null=True, verbose_name='after')),
                ('request_id', models.CharField(blank=True, max_length=64, verbose_name='request id')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='record type')),
            ],
            options={
                'verbose_name': 'audit entry',
                'verbose_name_plural': 'audit entries',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='core_audite_content_45f5e6_idx')],
            },
        ),
        migrations.AddConstraint(
            model_name='adminarea',
            constraint=models.UniqueConstraint(fields=('p_code', 'pcode_set_version'), name='core_adminarea_unique_pcode'),
        ),
        migrations.AddConstraint(
            model_name='exchangerate',
            constraint=models.UniqueConstraint(fields=('currency', 'valid_from'), name='core_exchangerate_one_per_day'),
        ),
        migrations.AddConstraint(
            model_name='exchangerate',
            constraint=models.CheckConstraint(condition=models.Q(('units_per_usd__gt', 0)), name='core_exchangerate_positive'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', 'read_at'], name='core_notifi_recipie_43dea6_idx'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('recipient', 'key'), name='core_notification_once_per_key'),
        ),
        migrations.AddConstraint(
            model_name='notificationpreference',
            constraint=models.UniqueConstraint(fields=('user', 'kind'), name='core_notificationpref_once'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('iati_identifier', ''), _negated=True), fields=('iati_identifier',), name='core_organisation_unique_iati_identifier'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.UniqueConstraint(fields=('user', 'role', 'organisation'), name='core_roleassignment_unique'),
        ),
        migrations.AddConstraint(
            model_name='site',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__isnull', False), ('longitude__isnull', False)), _connector='OR'), name='core_site_both_coordinates_or_none'),
        ),
    ]
