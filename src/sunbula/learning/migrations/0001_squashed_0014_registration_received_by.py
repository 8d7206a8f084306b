"""Learning's tables, as the migrations up to 0014_registration_received_by left them."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
import sunbula.learning.models
from decimal import Decimal
from django.conf import settings
from sunbula.core.trigram import trigram_indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('learning', '0001_events_registrations_courses'),
        ('learning', '0002_event_cancellation_and_surveys'),
        ('learning', '0003_event_registration_closed_at'),
        ('learning', '0004_invitation_without_address'),
        ('learning', '0005_enrolment_pin'),
        ('learning', '0006_event_title_trigram'),
        ('learning', '0007_event_latest'),
        ('learning', '0008_survey_invitation_dari_pashto'),
        ('learning', '0009_event_time_zone_checked'),
        ('learning', '0010_enrolment_last_digits_latin'),
        ('learning', '0011_course_certificates'),
        ('learning', '0012_lesson_retired'),
        ('learning', '0013_certificates_for_courses_completed_before'),
        ('learning', '0014_registration_received_by'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        ('programmes', '0001_squashed_0004_actual_not_below_zero'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Course',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('summary', models.TextField(blank=True, verbose_name='summary (English)')),
                ('summary_translations', sunbula.core.multilingual.TranslationsField(verbose_name='summary in other languages')),
                ('languages', models.JSONField(default=list, verbose_name='languages')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='courses', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'farmer course',
                'verbose_name_plural': 'farmer courses',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='Enrolment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('phone_digest', models.CharField(max_length=64, verbose_name='phone number (keyed hash)')),
                ('phone_last_digits', models.CharField(max_length=3, verbose_name='last digits of the phone')),
                ('pin_hash', models.CharField(blank=True, editable=False, max_length=128, verbose_name='PIN (hashed)')),
                ('sex', models.CharField(choices=[('f', 'Female'), ('m', 'Male')], max_length=1, verbose_name='sex')),
                ('language', models.CharField(max_length=5, verbose_name='language')),
                ('enrolled_at', models.DateTimeField(verbose_name='enrolled at')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='completed at')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='learning.course', verbose_name='course')),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='district')),
            ],
            options={
                'verbose_name': 'enrolment',
                'verbose_name_plural': 'enrolments',
                'ordering': ['enrolled_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CourseCertificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='verification code')),
                ('issued_at', models.DateTimeField(verbose_name='issued at')),
                ('enrolment', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='certificate', to='learning.enrolment', verbose_name='enrolment')),
            ],
            options={
                'verbose_name': 'course certificate',
                'verbose_name_plural': 'course certificates',
                'ordering': ['-issued_at'],
            },
        ),
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('objectives', models.TextField(blank=True, verbose_name='objectives (English)')),
                ('objectives_translations', sunbula.core.multilingual.TranslationsField(verbose_name='objectives in other languages')),
                ('audience', models.CharField(blank=True, max_length=255, verbose_name='intended audience (English)')),
                ('audience_translations', sunbula.core.multilingual.TranslationsField(verbose_name='intended audience in other languages')),
                ('kind', models.CharField(choices=[('workshop', 'Workshop'), ('training', 'Training'), ('conference', 'Conference'), ('meeting', 'Meeting')], max_length=20, verbose_name='kind')),
                ('modality', models.CharField(choices=[('online', 'Online'), ('in_person', 'In person'), ('hybrid', 'In person with online participation')], max_length=20, verbose_name='modality')),
                ('venue', models.CharField(blank=True, max_length=255, verbose_name='venue')),
                ('meeting_link', models.URLField(blank=True, verbose_name='online meeting link')),
                ('time_zone', models.CharField(default='UTC', help_text='Its IANA name, such as Asia/Kabul: the dates and times are read in it.', max_length=60, validators=[sunbula.learning.models.validate_time_zone], verbose_name='time zone')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(verbose_name='ends on')),
                ('working_language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian')], default='en', max_length=5, verbose_name='working language')),
                ('interpretation_languages', models.JSONField(blank=True, default=list, verbose_name='interpretation into')),
                ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave empty for no limit.', null=True, verbose_name='capacity')),
                ('registration_opens', models.DateTimeField(blank=True, null=True, verbose_name='registration opens')),
                ('registration_closes', models.DateTimeField(blank=True, null=True, verbose_name='registration closes')),
                ('registration_closed_at', models.DateTimeField(blank=True, help_text="Set when registration closed, at its closing time or the event's start.", null=True, verbose_name='registration closed')),
                ('approval_required', models.BooleanField(default=True, verbose_name='approval needed')),
                ('certificate_share', models.DecimalField(decimal_places=2, default=Decimal('75'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='sessions to attend for a certificate (%)')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('cancellation_reason', models.CharField(blank=True, max_length=255, verbose_name='reason for cancelling')),
                ('country', models.ForeignKey(blank=True, help_text='Leave empty for an international event.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='host country')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='programmes.programme', verbose_name='programme')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'event',
                'verbose_name_plural': 'events',
                'ordering': ['-starts_on', 'title'],
            },
        ),
        migrations.CreateModel(
            name='Delegation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quota', models.PositiveSmallIntegerField(verbose_name='quota')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('focal_point', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='focal point')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delegations', to='learning.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'delegation',
                'verbose_name_plural': 'delegations',
                'ordering': ['country__name'],
            },
        ),
        migrations.CreateModel(
            name='EventSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('ends_at', models.DateTimeField(verbose_name='ends at')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='learning.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'ordering': ['starts_at'],
            },
        ),
        migrations.CreateModel(
            name='Lesson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('body', models.TextField(verbose_name='text (English)')),
                ('body_translations', sunbula.core.multilingual.TranslationsField(verbose_name='text in other languages')),
                ('audio', models.FileField(blank=True, upload_to='learning/audio/', verbose_name='audio')),
                ('retired_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='retired')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lessons', to='learning.course', verbose_name='course')),
            ],
            options={
                'verbose_name': 'lesson',
                'verbose_name_plural': 'lessons',
                'ordering': ['course', 'position'],
            },
        ),
        migrations.AddField(
            model_name='enrolment',
            name='lessons_done',
            field=models.ManyToManyField(blank=True, related_name='+', to='learning.lesson', verbose_name='lessons done'),
        ),
        migrations.CreateModel(
            name='Question',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('label', models.CharField(max_length=255, verbose_name='question (English)')),
                ('label_translations', sunbula.core.multilingual.TranslationsField(verbose_name='question in other languages')),
                ('kind', models.CharField(choices=[('text', 'Text'), ('number', 'Number'), ('yes_no', 'Yes or no'), ('choice', 'One choice')], max_length=10, verbose_name='kind')),
                ('choices', models.JSONField(blank=True, default=list, verbose_name='choices')),
                ('required', models.BooleanField(default=False, verbose_name='required')),
                ('shown_if_answer', models.CharField(blank=True, max_length=100, verbose_name='answer that shows it')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='learning.event', verbose_name='event')),
                ('shown_if', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='learning.question', verbose_name='shown only if')),
            ],
            options={
                'verbose_name': 'registration question',
                'verbose_name_plural': 'registration questions',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Registration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('full_name', models.CharField(max_length=200, verbose_name='full name')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail address')),
                ('institution', models.CharField(max_length=255, verbose_name='ministry or institution')),
                ('role', models.CharField(choices=[('strategic_planner', 'Strategic planner'), ('policy_developer', 'Policy developer'), ('legislator', 'Legislator'), ('programme_analyst', 'Programme analyst'), ('other', 'Other')], max_length=30, verbose_name='role')),
                ('language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian')], default='en', max_length=5, verbose_name='language for e-mails and certificate')),
                ('listening_language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian')], default='en', max_length=5, verbose_name='listening language')),
                ('answers', models.JSONField(blank=True, default=dict, verbose_name='answers')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('waitlisted', 'On the waiting list'), ('offered', 'Place offered'), ('offer_expired', 'Offer expired'), ('withdrawn', 'Withdrawn')], default='pending', max_length=20, verbose_name='status')),
                ('rejection_reason', models.CharField(blank=True, max_length=255, verbose_name='reason for rejection')),
                ('offer_expires_at', models.DateTimeField(blank=True, null=True, verbose_name='offer expires at')),
                ('invited', models.BooleanField(default=False, verbose_name='invited')),
                ('received_by', models.CharField(blank=True, help_text='The note verbale or e-mail the nomination came in, with its number and date.', max_length=255, verbose_name='received by')),
                ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                ('token', models.CharField(max_length=40, unique=True, verbose_name='access code')),
                ('source_digest', models.CharField(blank=True, editable=False, max_length=64, verbose_name='source digest')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('delegation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='learning.delegation', verbose_name='delegation')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='learning.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'registration',
                'verbose_name_plural': 'registrations',
                'ordering': ['submitted_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Certificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='verification code')),
                ('issued_at', models.DateTimeField(verbose_name='issued at')),
                ('sessions_attended', models.PositiveSmallIntegerField(verbose_name='sessions attended')),
                ('sessions_held', models.PositiveSmallIntegerField(verbose_name='sessions held')),
                ('registration', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='certificate', to='learning.registration', verbose_name='registration')),
            ],
            options={
                'verbose_name': 'certificate',
                'verbose_name_plural': 'certificates',
                'ordering': ['-issued_at'],
            },
        ),
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('minutes', models.PositiveIntegerField(default=0, verbose_name='minutes attended')),
                ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='learning.eventsession', verbose_name='session')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='learning.registration', verbose_name='registration')),
            ],
            options={
                'verbose_name': 'attendance',
                'verbose_name_plural': 'attendances',
                'ordering': ['session__starts_at', 'registration__full_name'],
            },
        ),
        migrations.CreateModel(
            name='Survey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('introduction', models.TextField(blank=True, verbose_name='introduction (English)')),
                ('introduction_translations', sunbula.core.multilingual.TranslationsField(verbose_name='introduction in other languages')),
                ('purpose', models.CharField(choices=[('feedback', 'Event feedback'), ('monitoring', 'Post-distribution monitoring'), ('other', 'Other')], default='feedback', max_length=20, verbose_name='purpose')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('country', models.ForeignKey(blank=True, help_text='Leave empty for an international survey.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='learning.event', verbose_name='event')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'survey',
                'verbose_name_plural': 'surveys',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='SurveyInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                ('full_name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian'), ('fa-af', 'Dari'), ('ps', 'Pashto')], default='en', max_length=5, verbose_name='language')),
                ('token_digest', models.CharField(editable=False, max_length=64, unique=True, verbose_name='token digest')),
                ('sent_at', models.DateTimeField(verbose_name='sent at')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('registration', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='learning.registration', verbose_name='registration')),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='learning.survey', verbose_name='survey')),
            ],
            options={
                'verbose_name': 'survey invitation',
                'verbose_name_plural': 'survey invitations',
                'ordering': ['sent_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SurveyQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('label', models.CharField(max_length=255, verbose_name='question (English)')),
                ('label_translations', sunbula.core.multilingual.TranslationsField(verbose_name='question in other languages')),
                ('kind', models.CharField(choices=[('single', 'One choice'), ('multiple', 'Several choices'), ('scale', 'Scale'), ('text', 'Text'), ('number', 'Number')], max_length=10, verbose_name='kind')),
                ('required', models.BooleanField(default=False, verbose_name='required')),
                ('scale_min', models.SmallIntegerField(default=1, verbose_name='scale from')),
                ('scale_max', models.SmallIntegerField(default=5, verbose_name='scale to')),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='learning.survey', verbose_name='survey')),
            ],
            options={
                'verbose_name': 'survey question',
                'verbose_name_plural': 'survey questions',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SurveyOption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='learning.surveyquestion', verbose_name='question')),
            ],
            options={
                'verbose_name': 'answer option',
                'verbose_name_plural': 'answer options',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SurveyResponse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=5, verbose_name='language')),
                ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                ('invitation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='response', to='learning.surveyinvitation', verbose_name='invitation')),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='learning.survey', verbose_name='survey')),
            ],
            options={
                'verbose_name': 'survey response',
                'verbose_name_plural': 'survey responses',
                'ordering': ['submitted_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SurveyAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='number')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='learning.surveyoption', verbose_name='option')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='learning.surveyquestion', verbose_name='question')),
                ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='learning.surveyresponse', verbose_name='response')),
            ],
            options={
                'verbose_name': 'survey answer',
                'verbose_name_plural': 'survey answers',
                'ordering': ['response', 'question__position', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['-starts_on', 'id'], name='learning_event_latest'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='learning_event_dates_in_order'),
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(fields=('event', 'country'), name='learning_one_delegation_per_country'),
        ),
        migrations.AddConstraint(
            model_name='eventsession',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='learning_session_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='lesson',
            constraint=models.UniqueConstraint(fields=('course', 'position'), name='learning_lesson_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.UniqueConstraint(fields=('course', 'phone_digest'), name='learning_one_enrolment_per_phone'),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(fields=['source_digest', 'submitted_at'], name='learning_re_source__07847e_idx'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(fields=('event', 'email'), name='learning_one_registration_per_email'),
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.UniqueConstraint(fields=('registration', 'session'), name='learning_one_attendance_per_session'),
        ),
        migrations.AddConstraint(
            model_name='surveyinvitation',
            constraint=models.UniqueConstraint(condition=models.Q(('email', ''), _negated=True), fields=('survey', 'email'), name='learning_one_invitation_per_address'),
        ),
        trigram_indexes("learning_event", {"learning_event_title_trgm": "title"}),
    ]
