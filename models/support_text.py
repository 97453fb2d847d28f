"""Support-chat training text written for this model (no dataset behind it).

Why: GoEmotions and SST-2 teach emotion words and movie reviews, but an unhappy support visitor
often writes no emotion word at all ("my parcel is three weeks late"). These templates cover
what visitors actually type in a support chat: delays, refunds, broken or missing items,
unanswered emails, double charges, sarcasm, praise followed by a defect, polite problem
reports, negated negatives, how-to questions, short acknowledgements and thanks.

Each template has an id; the training script holds out whole templates (not just fills) so
the validation score says how well the model generalises to phrasings it never saw.
Labels: 0 negative, 1 neutral, 2 positive; frustration 1.0 / 0.0.
"""

import random

ITEMS = [
    "order", "package", "parcel", "delivery", "refund", "bag", "luggage", "suitcase", "ticket",
    "booking", "reservation", "flight", "replacement", "invoice", "subscription", "account",
    "card", "laptop", "phone", "headphones", "shoes", "jacket", "sofa", "mattress", "tv",
    "printer", "charger", "gift card", "voucher", "return", "exchange", "pizza", "groceries",
    "table", "chair", "camera", "watch", "dress", "contract", "router", "modem", "bike",
]
DURATIONS = [
    "two weeks", "3 days", "a month", "over an hour", "45 minutes", "10 days", "since monday",
    "six weeks", "2 hours", "three hours", "a week", "5 days", "20 minutes", "since last friday",
    "90 mins", "4 hrs", "since january", "two months", "all day", "an hour and a half",
]
PLACES = [
    "the airport", "the gate", "the store", "the counter", "the phone", "the app", "the website",
    "your chat", "the help desk", "the check-in desk", "customer service", "the hotline",
]
CONTACTS = ["emails", "messages", "calls", "tickets", "complaints", "dms", "requests"]
AGENTS = ["agent", "rep", "support person", "guy on the phone", "lady at the desk", "driver",
          "flight attendant", "manager", "staff", "crew", "technician", "courier"]
ACTIONS = [
    "change my delivery address", "cancel my order", "return an item", "reset my password",
    "update my card", "change my seat", "add a bag", "upgrade my plan", "track my order",
    "get an invoice", "change my flight", "close my account", "use a voucher",
    "pay with paypal", "change the date of my booking", "add my loyalty number",
    "download my receipt", "switch to the annual plan", "book a table for four",
    "check my balance", "change my email", "unsubscribe from the newsletter",
]
TOPICS = ["return", "refund", "baggage", "cancellation", "privacy", "shipping", "warranty",
          "pet", "exchange", "delivery", "late check-in", "price match"]
NUMS = ["#48213", "12345", "A7Z91", "ua 921", "order 5521", "flight 1187", "88-2231", "no. 3390"]
FIXES = ["it works now", "that fixed it", "the refund came through", "my bag just arrived",
         "the package showed up", "you sorted it out", "the app is working again",
         "my booking is confirmed", "the replacement arrived", "i got my money back"]
PRAISE = ["great service", "super helpful", "really quick reply", "amazing crew",
          "smooth flight", "fast delivery", "friendly staff", "excellent support",
          "the agent was lovely", "best customer service", "nice and easy", "perfect"]

NEG = [
    "my {item} is {dur} late", "still waiting for my {item} after {dur}",
    "i've been on hold for {dur}", "been waiting {dur} at {place} and nobody is helping",
    "my {item} was cancelled and nobody told me", "you charged me twice for my {item}",
    "nobody has answered my {contact} in {dur}", "the {item} arrived broken",
    "the {item} arrived damaged", "my {item} came with missing parts",
    "i was promised a refund {dur} ago and still nothing",
    "this is the third time i'm contacting you about my {item}",
    "flight delayed again", "delayed {dur} and no explanation",
    "i ordered two but only received one", "you sent me the wrong {item}",
    "the app keeps crashing when i try to {action}", "i can't {action}, the page just errors",
    "my card was declined but the money was taken", "why is it so hard to get a refund",
    "how many times do i have to call about my {item}", "you lost my {item}",
    "missed my connection because of your delay", "the {agent} hung up on me",
    "the {agent} was rude", "nobody at {place} could help", "the {item} stopped working after {dur}",
    "i was charged a fee i never agreed to", "my {item} never arrived",
    "tracking says delivered but there's no {item}", "still no update on my {item}",
    "you cancelled my {item} without asking", "waited {dur} for a callback that never came",
    "the {item} is not what i ordered", "it says my {item} was refunded but i have nothing",
    "stuck at {place} for {dur}", "no one picks up the phone", "your website is down again",
    "i keep getting logged out", "my {item} was left in the rain", "the {item} smells and is stained",
    "the driver never showed up", "overbooked and they bumped me", "seat was broken the whole flight",
    "wifi didn't work at all", "the hold music has been playing for {dur}",
    "the chat bot keeps sending me in circles", "i want my money back",
    "cancel my account, i'm done", "i've been a customer for years and this is how you treat me",
    "the price went up without any notice", "i was double charged", "the refund is {dur} overdue",
    "{item} still hasn't shipped", "your email said {dur}, it's been longer",
    "i paid for express shipping and it took {dur}", "nothing works", "this is unacceptable",
    "what a waste of money", "worst experience ever", "never flying with you again",
    "i will not order from here again", "you ruined my trip", "my {item} is stuck in customs and nobody helps",
    "gate agent sent us to the wrong terminal", "no food, no water, no info for {dur}",
    "got charged for a bag that never made it",
    "i was told someone would call me back. nobody did",
    "the form doesn't accept my postcode", "the discount code doesn't work",
]
NEG_POLITE = [
    "hi, unfortunately my {item} hasn't arrived yet, could you check?",
    "hello, i think there's a mistake on my {item}, i was charged twice",
    "sorry to bother you but my {item} arrived damaged",
    "could you look into why my refund hasn't come through? it's been {dur}",
    "i'm afraid the {item} doesn't work",
    "excuse me, i was supposed to get a call back {dur} ago",
    "hi there, my {item} is missing a part, what can i do?",
    "i love the {item} but it stopped working after {dur}",
    "the {item} looks great but it arrived scratched",
    "thanks for the quick delivery, sadly the {item} is the wrong size and the return label is missing",
    "the staff were nice but my {item} was lost",
    "i appreciate the help but this still isn't fixed",
    "your product is good, your customer service is not",
]
NEG_SARCASM = [
    "great, another delay", "thanks for nothing", "love waiting {dur} for a reply",
    "wow, {dur} on hold, amazing service", "oh great, my {item} is lost again",
    "awesome, cancelled again", "thanks for losing my {item}", "nice job losing my {item}",
    "so glad i paid extra for this", "perfect, another {dur} delay", "fantastic, wrong {item} again",
    "yay, charged twice", "really appreciate being ignored for {dur}", "best airline ever, said no one",
    "just what i needed, a cancelled flight", "good to know my {item} means nothing to you",
]
NEU = [
    "how do i {action}?", "can i {action} online?", "what is your {topic} policy?",
    "do you ship to canada?", "do you deliver on weekends?", "is there wifi on {num}?",
    "can i bring a stroller on board?", "when does the sale end?", "what are your opening hours?",
    "i need to {action}", "please send me the invoice for {num}", "my order number is {num}",
    "i'd like to {action}", "is it possible to {action}?", "where can i find my {item} number?",
    "what payment methods do you accept?", "how long does shipping usually take?",
    "i'd like to talk to an agent", "can i speak to a person please", "which terminal does {num} leave from?",
    "what's the baggage allowance for economy?", "do you have this in size 10?",
    "is the {item} covered by warranty?", "can you tell me the status of {num}?",
    "i want to {action}", "how much does it cost to {action}?", "where is your store in berlin?",
    "do i need to print my ticket?", "what time is boarding for {num}?", "i'm flying tomorrow to denver",
    "can i pick up my {item} in store?", "what's the difference between the basic and pro plan?",
    "i have a question about my {item}", "i just placed an order", "my email is on the account",
    "is there a student discount?", "do you price match?", "which size should i get?",
    "how do i contact the {agent}?", "i'll check and get back to you", "let me find the number",
    "one moment please", "the order was placed yesterday", "the reference is {num}",
]
NEU_SHORT = ["ok", "okay", "ok.", "sure", "got it", "yes", "no", "k", "hello", "hi", "hi there",
             "hey", "good morning", "alright", "fine", "yes please", "no thanks", "i see",
             "understood", "right", "hmm", "what?", "?", "hello?", "anyone there?", "1", "yep",
             "nope", "maybe", "not sure", "let me check", "done", "bye"]
POS = [
    "thanks, {fix}", "thank you so much, {fix}!", "{praise}, thanks", "{praise}!",
    "the {agent} was really helpful", "my {item} arrived early, love it", "thanks for the quick reply",
    "you guys rock", "problem solved, thanks", "appreciate the help", "can't complain",
    "not bad at all", "no complaints", "nothing to complain about", "{fix}, thank you",
    "i love my new {item}", "thanks {agent}, you made my day", "wow, that was fast",
    "everything arrived in perfect condition", "great job on the {item}",
    "thank you", "thanks!", "thx", "ty", "cheers", "much appreciated", "perfect, thanks",
    "brilliant, that's exactly what i needed", "really happy with my {item}",
    "the {agent} went above and beyond", "on time and smooth, well done",
    "best {item} i've ever bought", "will definitely order again", "five stars",
    "i never had a problem with you", "the {item} wasn't damaged at all, thank you",
    "no issues, all good", "it couldn't have gone better", "you saved my trip, thanks",
]
NEG_NEGATED = ["not happy with my {item}", "not helpful at all", "not what i ordered",
               "not impressed", "never again", "no help whatsoever", "not good enough",
               "that doesn't help", "not fixed", "still not working", "no one cares",
               "not acceptable", "i'm not satisfied with the {item}"]

PREFIX = ["", "", "", "hi ", "hey ", "hello, ", "@airline ", "@shop ", "seriously ", "so ",
          "um ", "ugh ", "excuse me ", "@support "]
SUFFIX_NEG = ["", "", "", ".", "!", "!!!", " again", " #fail", " 😡", " 😤", "...", "?",
              " thanks a lot", " ridiculous", " unbelievable", " fix this", " please help"]
SUFFIX_NEU = ["", "", "", ".", "?", " thanks", " please", " :)", " thank you"]
SUFFIX_POS = ["", "", "", "!", "!!", " 😊", " 🙏", " ❤️", " :)", " thank you", " #happy"]

FRUSTRATED_MARKERS = ("!!!", "😡", "😤", "ridiculous", "unbelievable", "#fail", "fix this")


def typo(text: str, rng: random.Random) -> str:
    """One realistic slip: a dropped, doubled or swapped letter."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        item=rng.choice(ITEMS), dur=rng.choice(DURATIONS), place=rng.choice(PLACES),
        contact=rng.choice(CONTACTS), agent=rng.choice(AGENTS), action=rng.choice(ACTIONS),
        topic=rng.choice(TOPICS), num=rng.choice(NUMS), fix=rng.choice(FIXES), city=rng.choice(CITIES),
        praise=rng.choice(PRAISE),
    )


def style(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.1:
        text = text.upper()
    elif r < 0.45:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.15:
        text = typo(text, rng)
    return text


GROUPS = [
    # (templates, label, frustration, suffixes, prefix allowed)
    (NEG, 0, None, SUFFIX_NEG, True),
    (NEG_POLITE, 0, 0.0, SUFFIX_NEU, False),
    (NEG_SARCASM, 0, 1.0, SUFFIX_NEG, True),
    (NEG_NEGATED, 0, None, SUFFIX_NEG, True),
    (NEU, 1, 0.0, SUFFIX_NEU, True),
    (NEU_SHORT, 1, 0.0, [""], False),
    (POS, 2, 0.0, SUFFIX_POS, True),
]


def all_templates():
    """(group index, template id, template) for every template, ids stable across runs."""
    out = []
    for g, (templates, *_rest) in enumerate(GROUPS):
        for t, template in enumerate(templates):
            out.append((g, f"{g}:{t}", template))
    return out


def generate(template_ids, per_template: int, seed: int):
    """Returns (text, label, frustration) rows from the given templates."""
    rng = random.Random(seed)
    rows = []
    for g, tid, template in all_templates():
        if tid not in template_ids:
            continue
        _, label, frus, suffixes, prefixed = GROUPS[g]
        n = per_template if "{" in template or g != 5 else max(4, per_template // 8)
        for _ in range(n):
            body = fill(template, rng)
            suffix = rng.choice(suffixes)
            text = (rng.choice(PREFIX) if prefixed else "") + body + suffix
            text = style(text, rng)
            f = frus
            if f is None:
                f = 1.0 if any(m in text.lower() for m in FRUSTRATED_MARKERS) or text.isupper() else 0.0
            rows.append((text, label, f))
    return rows


# ---------------------------------------------------------------------------------------------
# Compositional messages: opener + problem + detail + demand + ending. Built from parts so the
# model sees thousands of combinations and cannot just memorise whole sentences.
# ---------------------------------------------------------------------------------------------
CITIES = ["denver", "boston", "chicago", "new york", "la", "dallas", "miami", "london", "paris",
          "berlin", "seattle", "atlanta", "phoenix", "houston", "toronto", "vegas", "orlando"]
ORDINALS = ["second", "third", "fourth", "fifth", "tenth"]
OPENERS = ["", "", "", "hi", "hello", "hey", "@airline", "@shop", "@support", "excuse me", "so",
           "ok so", "um", "dear support,", "yo", "good morning,", "fyi", "just so you know,",
           "@united", "@delta", "@bank", "@telco", "not gonna lie,", "honestly"]
PROBLEMS = [
    # travel
    "my flight was delayed {dur}", "flight {num} got cancelled", "you cancelled my flight and rebooked me {dur} later",
    "my bag didn't make it", "you lost my luggage", "we've been sitting on the tarmac for {dur}",
    "i missed my connection", "no one at the gate knows anything", "the plane has been stuck at the gate for {dur}",
    "you changed my seat without telling me", "my seat doesn't recline and the screen is broken",
    "the line at check-in is {dur} long", "your app won't let me check in", "i got bumped from my flight",
    "my bag came back damaged", "still no word on my lost bag", "been on hold {dur} trying to rebook",
    "your website won't let me change my flight", "the flight was overbooked", "we're stuck on the plane with no air",
    "i missed my meeting because of the delay", "no food voucher after a {dur} delay", "our flight keeps getting pushed back",
    "the connecting flight left without us", "they made me check my carry on and now it's gone",
    "i paid for wifi and it never worked", "they charged me for a seat i never got", "my miles disappeared",
    "diverted to {city} and no hotel", "the gate agent was so rude", "we boarded and then had to get off again",
    "delayed flight", "cancelled flight", "late flight again", "still sitting at the gate",
    # shopping / delivery
    "my {item} is {dur} late", "my {item} never arrived", "you sent the wrong {item}", "the {item} arrived broken",
    "i was charged twice for my {item}", "my refund still hasn't come through", "tracking hasn't updated in {dur}",
    "the courier left my {item} outside in the rain", "half my order is missing", "the {item} stopped working after {dur}",
    "i returned the {item} {dur} ago and no refund", "the discount wasn't applied", "my order was cancelled for no reason",
    # telecom / software / banking
    "my internet has been down for {dur}", "the app logs me out every time", "i was billed for a plan i cancelled",
    "the password reset email never comes", "the update broke everything", "my card got blocked for no reason",
    "a payment went out twice", "my transfer still hasn't arrived after {dur}", "the site keeps timing out",
    "i can't access my account", "nobody answered my {contact} for {dur}", "i've been waiting on a callback for {dur}",
    "you keep sending me to a different department", "the chat disconnected again", "my ticket was closed without a fix",
]
DETAILS = ["", "", "", "and nobody is answering", "and no one will tell us why", "for the {ord} time this month",
           "and your agent just hung up on me", "still no refund", "and the app just says error",
           "and i've called three times", "no explanation, no apology", "and now i have to pay again",
           "this is the {ord} time", "with two kids", "on my birthday", "and the hotline is closed",
           "and nobody cares", "and i'm still waiting", "and i'm going to miss the wedding",
           "and the phone line is busy", "zero communication", "no updates at all", "and it's getting worse"]
ASKS = ["", "", "", "what are you going to do about it?", "when will this be fixed?", "can someone help?",
        "i want a refund", "please fix this", "how hard can it be?", "why?", "is anyone there?",
        "please dm me", "i need an answer", "cancel my account", "i want to speak to a manager",
        "where is my money?", "how is this ok?", "any update?", "what now?", "who do i talk to?",
        "can you help or not?", "i expect compensation"]
NEG_ENDINGS = ["", "", "", "!", "!!", "...", " #fail", " #worst", " 😡", " 😠", " 🙄", " smh", " ugh",
               " seriously?", " thanks a lot", " unbelievable", " again", " #customerservice",
               " https://t.co/xk2l9", " not ok", " terrible", " so annoying", " ridiculous"]
# A problem asked as a question is still an unhappy customer ("where is my bag?").
PROBLEM_QUESTIONS = [
    "why is my {item} still not here?", "where is my {item}?", "when will i get my refund?",
    "why was i charged twice?", "why did you cancel my flight?", "how do i get my money back for a cancelled flight?",
    "is anyone going to help me rebook?", "how long do i have to wait for my bag?", "why can't i check in online?",
    "what happened to my refund?", "can you explain why my flight is delayed {dur}?",
    "how do i file a claim for my damaged {item}?", "who is going to pay for my hotel?",
    "what is going on with {num}?", "why does nobody answer the phone?", "why is the app not working?",
    "how many more hours do we have to wait?", "can someone rebook me? my flight got cancelled",
    "i need help, my {item} is missing", "where did my miles go?", "why is my order on hold?",
    "is my {item} ever going to arrive?", "can i get a refund for the broken {item}?",
    "why did my payment fail again?", "what am i supposed to do now?", "how do i cancel this useless plan?",
    "why is there no one at the desk?", "why do i have to pay for your mistake?",
]
QUESTIONS = [
    "can i bring my dog on the plane?", "what's the checked bag fee?", "do you fly to {city}?",
    "when does check-in open for {num}?", "is {num} on time?", "how do i add my known traveler number?",
    "can i change my flight online?", "do i need a visa for {city}?", "what's the status of {num}?",
    "i'm flying to {city} tomorrow", "can you follow me so i can dm you?", "please dm me the details",
    "where do i pick up my bag in {city}?", "any deals to {city} this month?", "i have a reservation for next week",
    "is there a lounge in {city}?", "just landed in {city}", "heading to {city} today", "my flight is at 6am",
    "booking a trip for march", "my confirmation number is {num}", "the gate changed to b12",
    "how do i {action}?", "can i {action} in the app?", "what's your {topic} policy?", "do you ship to {city}?",
    "when will the {item} be back in stock?", "does the {item} come in black?", "what's the warranty on the {item}?",
    "i want to {action}", "i need to {action}", "is it possible to {action}?", "how long does a refund take?",
    "can i pay in installments?", "what documents do i need?", "who do i contact about my {item}?",
    "i'll be at the airport at 5", "sent you a dm", "here's my booking number {num}", "my zip code is 10001",
    "is there a fee to {action}?", "what's the phone number for support?", "do you have a store in {city}?",
]
NEU_ENDINGS = ["", "", "", "?", ".", " thanks", " please", " thank you", " :)", " https://t.co/ab12"]
PRAISES = [
    "thanks for getting me home on time", "great flight today", "the crew on {num} was awesome", "love the new app",
    "you guys rock", "best airline", "thank you for the upgrade", "thanks for the quick response", "landed early, nice",
    "the agent at the gate was so helpful", "my bag was first off the belt", "the refund came through fast",
    "excellent service as always", "can't wait to fly with you again", "thanks for finding my bag",
    "appreciate you rebooking me so quickly", "my {item} arrived a day early", "the {item} is perfect",
    "your support team sorted it in minutes", "smooth delivery, thanks", "love my new {item}",
    "the {agent} was super friendly", "fixed in one call, impressive", "always a pleasure", "thank you for the help today",
    "great job", "well done team", "that was easy", "glad i chose you", "the new seats are so comfy",
    "{fix}", "{praise}", "thanks {agent}", "really appreciate it", "you made my day",
]
POS_ENDINGS = ["", "", "", "!", "!!", " 😊", " 🙏", " ❤️", " 👍", " :)", " thank you", " #happy", " #loyal",
               " thanks!", " 🙌"]

def composed(count: int, seed: int, held_out: bool):
    """`count` messages; held_out=True uses only the last fifth of each part list (never seen in
    training, which uses the first four fifths), so validation measures new phrasings."""

    def part(lst, rng):
        cut = max(1, len(lst) * 4 // 5)
        pool = lst[cut:] if held_out and len(lst) > 1 else lst[:cut]
        return rng.choice(pool)

    rng = random.Random(seed)
    rows = []
    for i in range(count):
        kind = i % 4
        opener = rng.choice(OPENERS)
        if kind == 3:
            body = fill(part(PROBLEM_QUESTIONS, rng), rng)
            ending = rng.choice(NEG_ENDINGS + ["", "", "", ""])
            text = " ".join(x for x in [opener, body] if x) + ending
            label, frus = 0, 1.0 if ending.strip() not in ("", "...", "!", "again") else 0.0
        elif kind == 0:
            body = fill(part(PROBLEMS, rng), rng)
            detail = part(DETAILS, rng).replace("{ord}", rng.choice(ORDINALS))
            ask = part(ASKS, rng)
            ending = rng.choice(NEG_ENDINGS)
            text = " ".join(x for x in [opener, body, detail] if x)
            if ask:
                text += rng.choice([". ", ", ", " "]) + ask
            text += ending
            angry = ending.strip() not in ("", "...", "again", "!") or text.isupper()
            label, frus = 0, 1.0 if angry or detail else 0.0
        elif kind == 1:
            body = fill(part(QUESTIONS, rng).replace("{city}", rng.choice(CITIES)), rng)
            text = " ".join(x for x in [opener, body] if x) + rng.choice(NEU_ENDINGS)
            label, frus = 1, 0.0
        else:
            body = fill(part(PRAISES, rng), rng)
            text = " ".join(x for x in [opener, body] if x) + rng.choice(POS_ENDINGS)
            label, frus = 2, 0.0
        rows.append((style(text.replace("{city}", rng.choice(CITIES)), rng), label, frus))
    return rows
