"""People: residents with an address allauth can send sign-in codes to."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"resident{n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """allauth only signs in (or sends codes to) addresses it knows."""
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


class StaffFactory(UserFactory):
    """Someone with a full name, as the pledge and admin screens show people."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
