"""Accounts officials manage in the app: coordinators and researchers, their areas, one-time
passwords that must be changed at the first sign-in, deactivation. All of it audited."""
