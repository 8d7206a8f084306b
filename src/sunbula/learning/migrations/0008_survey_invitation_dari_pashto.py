from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0007_event_latest'),
    ]

    operations = [
        migrations.AlterField(
            model_name='surveyinvitation',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian'), ('fa-af', 'Dari'), ('ps', 'Pashto')], default='en', max_length=5, verbose_name='language'),
        ),
    ]
