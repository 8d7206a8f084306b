from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_import_jobs_in_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="file_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="file SHA-256"),
        ),
    ]
