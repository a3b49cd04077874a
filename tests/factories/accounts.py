import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from sites.services import area_assign

PASSWORD = "kata-sandi-uji-12345"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            # get_or_create: live-server (transactional) tests flush the tables, data-migration rows included.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        self.save()

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        for area in extracted or []:
            area_assign(user=self, area=area)


def official(**kwargs):
    return UserFactory(role=roles.CITY_OFFICIAL, **kwargs)


def coordinator(*areas, **kwargs):
    return UserFactory(role=roles.COORDINATOR, areas=list(areas), **kwargs)


def researcher(**kwargs):
    return UserFactory(role=roles.RESEARCHER, **kwargs)
