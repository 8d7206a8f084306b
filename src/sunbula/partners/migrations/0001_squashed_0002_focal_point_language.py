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
                ('title_translations', sunbula.core.multilingual.TranslationsField()),
                ('purpose', models.TextField(blank=True, verbose_name='purpose')),
                ('purpose_translations', sunbula.core.multilingual.TranslationsField()),
                ('status', models.CharField(choices=[('exploring', 'Exploring'), ('negotiating', 'Negotiating'), ('signed', 'Signed'), ('active', 'Active'), ('expired', 'Expired'), ('terminated', 'Terminated')], default='exploring', max_length=20, verbose_name='status')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                ('signed_place', models.CharField(blank=True, max_length=200, verbose_name='place of signature')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('termination_reason', models.TextField(blank=True, verbose_name='reason for termination')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('amends', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='partners.agreement', verbose_name='amends')),
                ('country', models.ForeignKey(help_text='The country the agreement concerns; it decides who sees it.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'ordering': ['-signed_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='AgreementDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='partners.agreement')),
            ],
            options={
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='AgreementParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('signatory', 'Signatory'), ('implementing', 'Implementing partner'), ('funding', 'Funding partner'), ('witness', 'Witness')], max_length=20, verbose_name='role')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='partners.agreement')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='organisation')),
            ],
            options={
                'ordering': ['organisation__name'],
            },
        ),
        migrations.CreateModel(
            name='DocumentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('stored_name', models.CharField(max_length=200, unique=True)),
                ('original_name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='partners.agreementdocument')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
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
                ('title_translations', sunbula.core.multilingual.TranslationsField()),
                ('held_on', models.DateField(verbose_name='date')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('event', models.CharField(blank=True, help_text='E.g. a forum on whose sidelines the meeting took place.', max_length=200, verbose_name='held at the event')),
                ('participants', models.TextField(blank=True, help_text='One title per line.', verbose_name='participants by title')),
                ('topics', models.CharField(blank=True, max_length=255, verbose_name='topics')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('summary_translations', sunbula.core.multilingual.TranslationsField()),
                ('outcomes', models.TextField(blank=True, verbose_name='outcomes')),
                ('outcomes_translations', sunbula.core.multilingual.TranslationsField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('country', models.ForeignKey(help_text='The country the engagement concerns; it decides who sees it.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('organisations', models.ManyToManyField(related_name='+', to='core.organisation', verbose_name='organisations')),
            ],
            options={
                'ordering': ['-held_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='FollowUpAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=255, verbose_name='description')),
                ('description_translations', sunbula.core.multilingual.TranslationsField()),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('dropped', 'Dropped')], default='open', max_length=20, verbose_name='status')),
                ('engagement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='partners.engagement')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Obligation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.CharField(max_length=255, verbose_name='description')),
                ('description_translations', sunbula.core.multilingual.TranslationsField()),
                ('due_on', models.DateField(verbose_name='due on')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('done', 'Done'), ('waived', 'Waived')], default='pending', max_length=20, verbose_name='status')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='obligations', to='partners.agreement')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('roles', models.JSONField(default=list, validators=[sunbula.partners.models.validate_roles], verbose_name='partnership roles')),
                ('sectors', models.JSONField(blank=True, default=list, validators=[sunbula.partners.models.validate_sectors], verbose_name='sectors')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('countries', models.ManyToManyField(blank=True, related_name='+', to='core.country', verbose_name='countries of operation')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='partner', to='core.organisation', verbose_name='organisation')),
            ],
            options={
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
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='focal_points', to='partners.partner')),
            ],
            options={
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
