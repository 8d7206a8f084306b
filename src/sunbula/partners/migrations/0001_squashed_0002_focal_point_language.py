"""Partners's tables, as the migrations up to 0002_focal_point_language left them."""

import django.db.models.deletion
import sunbula.core.multilingual
import sunbula.partners.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('partners', '0001_partners_agreements_engagements'),
        ('partners', '0002_focal_point_language'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('kind', models.CharField(choices=[('cooperation', 'Cooperation agreement'), ('mou', 'Memorandum of understanding'), ('contribution', 'Contribution agreement'), ('letter_of_intent', 'Letter of intent'), ('amendment', 'Amendment')], max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('purpose', models.TextField(blank=True, verbose_name='purpose')),
                ('purpose_translations', sunbula.core.multilingual.TranslationsField(verbose_name='purpose in other languages')),
                ('status', models.CharField(choices=[('exploring', 'Exploring'), ('negotiating', 'Negotiating'), ('signed', 'Signed'), ('active', 'Active'), ('expired', 'Expired'), ('terminated', 'Terminated')], default='exploring', max_length=20, verbose_name='status')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                ('signed_place', models.CharField(blank=True, max_length=200, verbose_name='place of signature')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('termination_reason', models.TextField(blank=True, verbose_name='reason for termination')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('amends', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='partners.agreement', verbose_name='amends')),
                ('country', models.ForeignKey(help_text='The country the agreement concerns; it decides who sees it.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'agreement',
                'verbose_name_plural': 'agreements',
                'ordering': ['-signed_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='AgreementDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='partners.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'agreement document',
                'verbose_name_plural': 'agreement documents',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='AgreementParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('signatory', 'Signatory'), ('implementing', 'Implementing partner'), ('funding', 'Funding partner'), ('witness', 'Witness')], max_length=20, verbose_name='role')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='partners.agreement', verbose_name='agreement')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'agreement party',
                'verbose_name_plural': 'agreement parties',
                'ordering': ['organisation__name'],
            },
        ),
        migrations.CreateModel(
            name='DocumentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='version number')),
                ('stored_name', models.CharField(max_length=200, unique=True, verbose_name='stored file name')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content_type', models.CharField(max_length=100, verbose_name='file type')),
                ('size', models.PositiveIntegerField(verbose_name='size in bytes')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 digest')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='partners.agreementdocument', verbose_name='document')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'document version',
                'verbose_name_plural': 'document versions',
                'ordering': ['-number'],
            },
        ),
        migrations.CreateModel(
            name='Engagement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('kind', models.CharField(choices=[('meeting', 'Meeting'), ('visit', 'Visit'), ('call', 'Call'), ('side_event', 'Side event')], max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('held_on', models.DateField(verbose_name='date')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('event', models.CharField(blank=True, help_text='E.g. a forum on whose sidelines the meeting took place.', max_length=200, verbose_name='held at the event')),
                ('participants', models.TextField(blank=True, help_text='One title per line.', verbose_name='participants by title')),
                ('topics', models.CharField(blank=True, max_length=255, verbose_name='topics')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('summary_translations', sunbula.core.multilingual.TranslationsField(verbose_name='summary in other languages')),
                ('outcomes', models.TextField(blank=True, verbose_name='outcomes')),
                ('outcomes_translations', sunbula.core.multilingual.TranslationsField(verbose_name='outcomes in other languages')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('country', models.ForeignKey(help_text='The country the engagement concerns; it decides who sees it.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('organisations', models.ManyToManyField(related_name='+', to='core.organisation', verbose_name='organisations')),
            ],
            options={
                'verbose_name': 'engagement',
                'verbose_name_plural': 'engagements',
                'ordering': ['-held_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='FollowUpAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=255, verbose_name='description')),
                ('description_translations', sunbula.core.multilingual.TranslationsField(verbose_name='description in other languages')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('dropped', 'Dropped')], default='open', max_length=20, verbose_name='status')),
                ('engagement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='partners.engagement', verbose_name='engagement')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'follow-up action',
                'verbose_name_plural': 'follow-up actions',
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Obligation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=255, verbose_name='description')),
                ('description_translations', sunbula.core.multilingual.TranslationsField(verbose_name='description in other languages')),
                ('due_on', models.DateField(verbose_name='due on')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('done', 'Done'), ('waived', 'Waived')], default='pending', max_length=20, verbose_name='status')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='obligations', to='partners.agreement', verbose_name='agreement')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'obligation',
                'verbose_name_plural': 'obligations',
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('roles', models.JSONField(default=list, validators=[sunbula.partners.models.validate_roles], verbose_name='partnership roles')),
                ('sectors', models.JSONField(blank=True, default=list, validators=[sunbula.partners.models.validate_sectors], verbose_name='sectors')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('countries', models.ManyToManyField(blank=True, related_name='+', to='core.country', verbose_name='countries of operation')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='partner', to='core.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['organisation__name'],
            },
        ),
        migrations.CreateModel(
            name='FocalPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                ('language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian')], default='en', max_length=10, verbose_name='language of correspondence')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='organisation')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='focal_points', to='partners.partner', verbose_name='partner')),
            ],
            options={
                'verbose_name': 'focal point',
                'verbose_name_plural': 'focal points',
                'ordering': ['title'],
            },
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_from__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='partners_agreement_valid_until_after_from'),
        ),
        migrations.AddConstraint(
            model_name='agreementdocument',
            constraint=models.UniqueConstraint(fields=('agreement', 'title'), name='partners_document_title'),
        ),
        migrations.AddConstraint(
            model_name='agreementparty',
            constraint=models.UniqueConstraint(fields=('agreement', 'organisation'), name='partners_party_once_per_agreement'),
        ),
        migrations.AddConstraint(
            model_name='documentversion',
            constraint=models.UniqueConstraint(fields=('document', 'number'), name='partners_version_number'),
        ),
    ]
