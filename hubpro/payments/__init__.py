"""Stripe adapter: PaymentIntents, webhook signatures, the embedded localstripe sandbox."""
