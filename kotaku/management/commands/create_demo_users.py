import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import roles
from sites.models import Area
from sites.services import area_assign

DEMO_USERS = [
    ("demo-official", roles.CITY_OFFICIAL, None),
    ("demo-bkm-kampung-bugis", roles.COORDINATOR, "21.72.03.1005"),
    ("demo-bkm-tanjung-unggat", roles.COORDINATOR, "21.72.04.1005"),
    ("demo-researcher", roles.RESEARCHER, None),
]


class Command(BaseCommand):
    help = "Buat akun demo (pejabat, dua koordinator BKM, peneliti) dan cetak kata sandinya sekali."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Jalankan juga ketika DEBUG mati.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG mati: akun demo tidak dibuat. Pakai --force bila memang disengaja.")
        User = get_user_model()
        for username, role, area_code in DEMO_USERS:
            password = secrets.token_urlsafe(12)
            user, created = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
            if area_code:
                area = Area.objects.filter(code=area_code).first()
                if area is None:
                    raise CommandError(f"Wilayah {area_code} belum ada; jalankan load_seed dahulu.")
                area_assign(user=user, area=area)
            verb = "dibuat" if created else "diperbarui"
            self.stdout.write(f"{username}\t{password}\t({role}, {verb})")
