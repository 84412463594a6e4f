"""Activity pages: mobile.py for volunteers on their phones, organizer.py for the people who run them."""
