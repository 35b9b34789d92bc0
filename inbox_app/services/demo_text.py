"""Words for demo data."""

FIRST_NAMES = ["Lena", "Jonas", "Mia", "Paul", "Emma", "Felix", "Sofia", "Noah", "Clara", "Elias",
               "Hanna", "Luca", "Marie", "Ben", "Lea", "Finn", "Ida", "Theo", "Nora", "Jakob"]  # fmt: skip
LAST_NAMES = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
              "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun", "Zimmermann"]  # fmt: skip
CUSTOMER_LINES = [
    "Hi, my order hasn't arrived yet. Can you check the tracking number?",
    "Is the premium plan billed monthly or yearly?",
    "I can't log in to my account since this morning.",
    "Do you ship to Austria and Switzerland?",
    "The invoice shows the wrong company address, could you fix it?",
    "How do I change the email address on my account?",
    "Your checkout page shows an error when I pay with PayPal.",
    "Can I return an item after 30 days?",
    "Is there a discount for non-profit organisations?",
    "Thanks, that worked! One more question about exports though.",
]
REPLY_LINES = [
    "Thanks for reaching out! Let me look into that for you.",
    "I've checked your order: it left our warehouse yesterday and should arrive **tomorrow**.",
    "You can change it under *Settings → Account*. Let me know if that helps.",
    "We've fixed the address and sent you a corrected invoice.",
    "Yes, we ship to both. Delivery takes 3–5 working days.",
    "Sorry about that! Our team deployed a fix, could you try again?",
]
