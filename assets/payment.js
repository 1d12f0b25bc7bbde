// hubpro: Stripe.js card element. Card data goes from the browser to Stripe only; hubpro's server
// receives a payment method id. In the sandbox (localstripe) the card becomes a token's card id.
window.hubproPay = (function () {
  let stripe = null;
  let card = null;
  let sandbox = false;

  function load(src) {
    return new Promise((resolve, reject) => {
      if (window.Stripe) return resolve();
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error("Stripe.js indisponible"));
      document.head.appendChild(s);
    });
  }

  function labelSandboxInputs(root) {
    const labels = {
      number: "Numéro de carte", exp_month: "Mois d'expiration (MM)", exp_year: "Année d'expiration (AA)",
      cvc: "Cryptogramme (3 chiffres)", postal_code: "Code postal",
    };
    root.querySelectorAll("span").forEach((span) => { span.textContent = "Carte de test : "; });
    root.querySelectorAll("input").forEach((input) => {
      const key = input.getAttribute("placeholder");
      if (labels[key]) {
        input.setAttribute("aria-label", labels[key]);
        input.setAttribute("inputmode", "numeric");
        input.setAttribute("autocomplete", key === "number" ? "cc-number" : "off");
        input.setAttribute("placeholder", { number: "Numéro de carte", exp_month: "MM", exp_year: "AA",
          cvc: "CVC", postal_code: "Code postal" }[key]);
      }
    });
  }

  return {
    async init(jsUrl, key, isSandbox) {
      sandbox = !!isSandbox;
      const root = document.getElementById("card-element");
      if (!root || root.dataset.mounted === "1") return "ready";
      await load(jsUrl);
      stripe = window.Stripe(key);
      card = stripe.elements({ locale: "fr" }).create("card", { hidePostalCode: true });
      card.mount(root);
      root.dataset.mounted = "1";
      if (sandbox) labelSandboxInputs(root);
      return "ready";
    },
    async method() {
      if (!stripe || !card) return { error: "not_ready" };
      if (sandbox) {
        const r = await stripe.createToken(card);
        if (r.error) return { error: r.error.code || "incorrect_number" };
        return { id: r.token.card.id };
      }
      const r = await stripe.createPaymentMethod({ type: "card", card: card });
      if (r.error) return { error: r.error.code || "incorrect_number" };
      return { id: r.paymentMethod.id };
    },
    async authenticate(secret) {
      const r = await stripe.confirmCardPayment(secret);
      return r.error ? { error: r.error.code || "authentication_required" } : { ok: true };
    },
  };
})();
