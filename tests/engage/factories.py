"""Residents with an address allauth can send sign-in codes to."""

import factory
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
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )
