from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_squashed_0002_run_claim_and_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrun",
            name="requester_limited_to_afghanistan",
            field=models.BooleanField(
                default=False, verbose_name="requester's every role limited to Afghanistan"
            ),
        ),
    ]
