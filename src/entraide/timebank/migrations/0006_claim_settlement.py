"""A referent settles a dispute for another duration, with a reason (issue 9 item 3).

Only the claim table changes (SQLite rebuilds it): the ledger's triggers are on the transfer and
entry tables, untouched.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timebank", "0005_erasable_transfer_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="decision_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="the referent's reason"),
        ),
        migrations.AddField(
            model_name="claim",
            name="settled_minutes",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="When a referent settled a dispute: the minutes that moved.",
                null=True,
                verbose_name="duration settled by the referent (minutes)",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("account_opened", "Account opened"),
                    ("transfer", "Transfer recorded"),
                    ("claim_recorded", "Help recorded"),
                    ("claim_confirmed", "Help confirmed"),
                    ("claim_auto_confirmed", "Help confirmed automatically"),
                    ("claim_disputed", "Help disputed"),
                    ("claim_settled", "Dispute settled by the referent"),
                    ("claim_rejected", "Help rejected"),
                    ("claim_reminded", "Reminder sent"),
                    ("claim_cancelled", "Help cancelled"),
                    ("limit_exception", "Limit passed by a referent's exception"),
                    ("erased", "Personal data erased"),
                    ("frozen", "Account frozen"),
                    ("unfrozen", "Account unfrozen"),
                    ("settings", "Settings changed"),
                ],
                max_length=24,
                verbose_name="action",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("settled_minutes__isnull", True),
                    models.Q(
                        ("settled_minutes__gt", 0),
                        ("settled_minutes__lte", models.F("minutes")),
                        ("status", "confirmed"),
                    ),
                    _connector="OR",
                ),
                name="timebank_claim_settled_within_recorded",
            ),
        ),
    ]
