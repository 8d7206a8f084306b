"""Registry's tables, as the migrations up to 0013_person_erasure left them."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
import sunbula.core.validation
import sunbula.registry.models
import sunbula.registry.protection
from django.conf import settings
from sunbula.core.trigram import trigram_indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('registry', '0001_households_persons_institutions_farmers_consent'),
        ('registry', '0002_import_jobs_in_background'),
        ('registry', '0003_import_job_file_hash'),
        ('registry', '0004_person_sealed_personal_data'),
        ('registry', '0005_person_field_token_columns_removed'),
        ('registry', '0006_job_claim_and_heartbeat'),
        ('registry', '0007_headcount_within_bounds'),
        ('registry', '0008_duplicate_evidence'),
        ('registry', '0009_import_problems_without_values'),
        ('registry', '0010_dedupe_run'),
        ('registry', '0011_household_reference_trigram'),
        ('registry', '0012_phone_hashes_in_latin_digits'),
        ('registry', '0013_person_erasure'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DedupeRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='task')),
                ('claimed_by', models.CharField(blank=True, editable=False, max_length=100, verbose_name='worker')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('status', models.CharField(choices=[('pending', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('records_read', models.PositiveIntegerField(default=0, verbose_name='records read')),
                ('candidate_pairs', models.PositiveIntegerField(default=0, verbose_name='candidate pairs')),
                ('merged', models.PositiveIntegerField(default=0, verbose_name='records merged')),
                ('queued', models.PositiveIntegerField(default=0, verbose_name='pairs sent for review')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'registry check',
                'verbose_name_plural': 'registry checks',
                'ordering': ['-requested_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DuplicatePair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(verbose_name='match probability')),
                ('evidence', models.JSONField(blank=True, default=list, verbose_name='evidence')),
                ('status', models.CharField(choices=[('pending', 'Waiting for review'), ('confirmed', 'Confirmed duplicate'), ('dismissed', 'Not the same person')], default='pending', max_length=10, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='found')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
                'ordering': ['-score', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Household',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=40, verbose_name='reference')),
                ('external_id', models.CharField(blank=True, max_length=100, verbose_name='external id')),
                ('displacement_status', models.CharField(choices=[('resident', 'Resident'), ('idp', 'Internally displaced'), ('returnee', 'Returnee'), ('refugee', 'Refugee'), ('host', 'Host community')], default='resident', max_length=20, verbose_name='displacement status')),
                ('vulnerabilities', models.JSONField(blank=True, default=list, validators=[sunbula.registry.models.validate_vulnerabilities], verbose_name='vulnerabilities')),
                ('is_synthetic', models.BooleanField(default=False, help_text='Made-up records for demonstration.', verbose_name='synthetic')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('admin_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'household',
                'verbose_name_plural': 'households',
                'ordering': ['reference'],
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='task')),
                ('claimed_by', models.CharField(blank=True, editable=False, max_length=100, verbose_name='worker')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('file_name', models.CharField(max_length=255, verbose_name='file')),
                ('status', models.CharField(choices=[('pending', 'Waiting to start'), ('running', 'Running'), ('succeeded', 'Imported'), ('failed', 'Refused')], default='running', max_length=10, verbose_name='status')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='rows checked')),
                ('created_rows', models.PositiveIntegerField(default=0, verbose_name='created')),
                ('updated_rows', models.PositiveIntegerField(default=0, verbose_name='updated')),
                ('problems', models.JSONField(blank=True, default=list, verbose_name='problems')),
                ('stored_file', models.CharField(blank=True, max_length=255, verbose_name='stored file')),
                ('file_sha256', models.CharField(blank=True, max_length=64, verbose_name='file SHA-256')),
                ('mapping', models.JSONField(blank=True, default=dict, verbose_name='column mapping')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Institution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('kind', models.CharField(choices=[('treatment_centre', 'Drug-treatment centre'), ('prison', 'Prison or detention centre'), ('other', 'Other institution')], max_length=20, verbose_name='kind')),
                ('status', models.CharField(choices=[('active', 'Receiving assistance'), ('pipeline', 'In the pipeline')], default='active', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('operating_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='operating organisation')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'institution',
                'verbose_name_plural': 'institutions',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Headcount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('counted_on', models.DateField(verbose_name='counted on')),
                ('headcount', models.PositiveIntegerField(validators=[sunbula.core.validation.headcount_in_bounds], verbose_name='headcount')),
                ('verified_by', models.CharField(max_length=200, verbose_name='verified by')),
                ('method', models.CharField(choices=[('roll_call', 'Roll call'), ('register', "Institution's register"), ('site_visit', 'Monitoring visit'), ('partner_report', 'Partner report')], max_length=20, verbose_name='verification method')),
                ('special_diets', models.JSONField(blank=True, default=dict, validators=[sunbula.registry.models.validate_diet_counts], verbose_name='special diets')),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='headcounts', to='registry.institution', verbose_name='institution')),
            ],
            options={
                'verbose_name': 'headcount',
                'verbose_name_plural': 'headcounts',
                'ordering': ['institution', '-counted_on'],
            },
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('external_id', models.CharField(blank=True, max_length=100, verbose_name='external id')),
                ('relation_to_head', models.CharField(blank=True, choices=[('head', 'Head of household'), ('spouse', 'Spouse'), ('child', 'Son or daughter'), ('parent', 'Parent'), ('sibling', 'Brother or sister'), ('other', 'Other relative')], max_length=10, verbose_name='relation to head of household')),
                ('sealed', sunbula.registry.protection.SealedField(blank=True, default=dict, editable=False, verbose_name='personal data, encrypted')),
                ('name_key', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='name look-up key')),
                ('sex', models.CharField(blank=True, choices=[('M', 'Male'), ('F', 'Female')], max_length=1, verbose_name='sex')),
                ('phone_hash', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='phone look-up hash')),
                ('id_document_type', models.CharField(blank=True, choices=[('', 'None'), ('tazkira', 'Tazkira'), ('passport', 'Passport'), ('por', 'Proof of registration card'), ('other', 'Other document')], max_length=10, verbose_name='identity document')),
                ('id_number_hash', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='identity number look-up hash')),
                ('displacement_status', models.CharField(choices=[('resident', 'Resident'), ('idp', 'Internally displaced'), ('returnee', 'Returnee'), ('refugee', 'Refugee'), ('host', 'Host community')], default='resident', max_length=20, verbose_name='displacement status')),
                ('vulnerabilities', models.JSONField(blank=True, default=list, validators=[sunbula.registry.models.validate_vulnerabilities], verbose_name='vulnerabilities')),
                ('status', models.CharField(choices=[('active', 'Active'), ('confirmed_duplicate', 'Confirmed duplicate'), ('erased', 'Erased')], default='active', max_length=20, verbose_name='status')),
                ('is_synthetic', models.BooleanField(default=False, help_text='Made-up records for demonstration.', verbose_name='synthetic')),
                ('erased_at', models.DateTimeField(blank=True, null=True, verbose_name='erased')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('admin_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('duplicate_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='duplicates', to='registry.person', verbose_name='duplicate of')),
                ('erased_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='erased by')),
                ('household', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='registry.household', verbose_name='household')),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'persons',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='Merge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('previous', models.JSONField(default=dict, verbose_name='state before the merge')),
                ('merged_at', models.DateTimeField(auto_now_add=True, verbose_name='merged')),
                ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='undone')),
                ('pair', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.duplicatepair', verbose_name='review')),
                ('duplicate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='merges', to='registry.person', verbose_name='duplicate')),
                ('survivor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.person', verbose_name='kept record')),
            ],
            options={
                'verbose_name': 'merge',
                'verbose_name_plural': 'merges',
                'ordering': ['-merged_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Farmer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('farm_area_ha', models.DecimalField(decimal_places=2, max_digits=8, validators=[django.core.validators.MinValueValidator(0)], verbose_name='farm area (ha)')),
                ('tenure', models.CharField(choices=[('owner', 'Owner'), ('tenant', 'Tenant'), ('sharecropper', 'Sharecropper'), ('communal', 'Communal land')], max_length=20, verbose_name='tenure')),
                ('crops', models.JSONField(blank=True, default=list, verbose_name='crops')),
                ('irrigation', models.CharField(choices=[('rainfed', 'Rain-fed'), ('canal', 'Canal'), ('karez', 'Karez'), ('well', 'Well'), ('solar', 'Solar-powered water system')], max_length=10, verbose_name='irrigation')),
                ('group_name', models.CharField(blank=True, max_length=200, verbose_name='group or cooperative')),
                ('extension_contacts', models.PositiveSmallIntegerField(default=0, verbose_name='extension contacts')),
                ('last_extension_contact', models.DateField(blank=True, null=True, verbose_name='last extension contact')),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='farmer', to='registry.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'farmer',
                'verbose_name_plural': 'farmers',
                'ordering': ['person'],
            },
        ),
        migrations.AddField(
            model_name='duplicatepair',
            name='person_1',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.person', verbose_name='first record'),
        ),
        migrations.AddField(
            model_name='duplicatepair',
            name='person_2',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.person', verbose_name='second record'),
        ),
        migrations.CreateModel(
            name='Consent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('registration', 'Registration and assistance'), ('data_sharing', 'Sharing with partners'), ('follow_up', 'Follow-up and monitoring')], max_length=20, verbose_name='purpose')),
                ('given_on', models.DateField(verbose_name='given on')),
                ('method', models.CharField(choices=[('written', 'Signed form'), ('thumbprint', 'Thumbprint'), ('verbal', 'Verbal, witnessed'), ('digital', 'Digital form')], max_length=20, verbose_name='method')),
                ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='withdrawn on')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='registry.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'consent',
                'verbose_name_plural': 'consents',
                'ordering': ['person', '-given_on'],
            },
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.UniqueConstraint(fields=('country', 'reference'), name='registry_household_unique_reference'),
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('country', 'external_id'), name='registry_household_unique_external_id'),
        ),
        migrations.AddConstraint(
            model_name='institution',
            constraint=models.UniqueConstraint(fields=('site',), name='registry_institution_one_per_site'),
        ),
        migrations.AddConstraint(
            model_name='headcount',
            constraint=models.UniqueConstraint(fields=('institution', 'counted_on'), name='registry_headcount_one_per_day'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('country', 'external_id'), name='registry_person_unique_external_id'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('duplicate_of__isnull', True), ('status', 'active')), models.Q(('duplicate_of__isnull', False), ('status', 'confirmed_duplicate')), models.Q(('duplicate_of__isnull', True), ('status', 'erased')), _connector='OR'), name='registry_person_duplicate_has_original'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('erased_at__isnull', False), ('status', 'erased')), models.Q(models.Q(('status', 'erased'), _negated=True), ('erased_at__isnull', True)), _connector='OR'), name='registry_person_erased_when'),
        ),
        migrations.AddConstraint(
            model_name='duplicatepair',
            constraint=models.UniqueConstraint(fields=('person_1', 'person_2'), name='registry_duplicatepair_unique'),
        ),
        migrations.AddConstraint(
            model_name='duplicatepair',
            constraint=models.CheckConstraint(condition=models.Q(('person_1__lt', models.F('person_2'))), name='registry_duplicatepair_ordered'),
        ),
        trigram_indexes("registry_household", {"registry_household_reference_trgm": "reference", "registry_household_external_id_trgm": "external_id"}),
    ]
