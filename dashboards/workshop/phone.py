"""A participant's phone page as plain HTML: drawn on the server, a few kilobytes, no framework.

The old page was a Solara app per phone: a Python kernel, a widget tree and a websocket each, so
30 phones cost the server 30 redraws of a widget tree every round and the last phone saw the new
round seconds after the first. Here a page is a string: ``page`` draws it whole on first load;
``main`` draws the part that changes, which the push channel (``phone_server``) sends to every
phone when the round moves, and which a choice's answer replaces. A page works without its script
too (a form post and a reload), only slower.

Every word on it is plain English (``words``): the role's title on the date, each decision's
question with the capability under its catalogue label, each option with its facts in words and
the agent's choice marked, and the decisions left to the agent listed as such. A decision kind
the workshop has never seen still shows: its question, its options as buttons and its facts read
by their keys (``words.fact_words``).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from abm.decisions import Decision, Option
from dashboards.workshop.ranking import burden, shared, shown_options
from dashboards.workshop.views import DecisionView, ParticipantView
from dashboards.workshop.words import answered_by, fact_words, humanise, money, plain, sentence, signed_money

#: A heading per kind of decision (a kind not listed gets its name in words).
SECTION = {
    "answer": "Inbox: a proposal from another force",
    "sign": "For your signature",
    "notice": "An agreement you inherited",
    "direct": "HMIC's flag: direct or not",
    "inspect": "This year's inspections",
    "review": "Your review of a capability",
    "alliance": "Your strategic alliance: stay or give notice",
    "merge": "A merger your force could join",
}
KIND_ORDER = ("answer", "sign", "notice", "alliance", "merge", "direct", "inspect", "review")
#: Review facts shown beside each option, after cost and harm (which are compared with now).
DETAILS = ("response_min", "trust_in_partner", "quarters_to_agree", "set_up_gbp_m_a_year")
#: A Home Secretary's policy option says where it leaves the policy.
POLICY = ("duty_strength", "precept_rise_limit_percent", "central_grant_gbp_m_a_year")


class Words:
    """What the page needs to name things: force ids to names, capability names to their labels."""

    def __init__(self, forces: Mapping[str, str], capabilities: Mapping[str, str]) -> None:
        self.forces = dict(forces)
        self.capabilities = dict(capabilities)

    def plain(self, text: str) -> str:
        return plain(text, self.capabilities.values())

    def capability(self, name: str) -> str:
        return self.capabilities.get(name, humanise(name))

    def force(self, force_id: str) -> str:
        return self.forces.get(force_id, force_id)


def decision_title(d: Decision, w: Words) -> str:
    """A short, unique title for a decision's card: its capability, and who proposes or is flagged."""
    cap = w.capability(d.capability)
    titles = {
        "review": f"{cap}: how to provide it",
        "answer": f"{w.force(d.partner)} proposes: {cap}" if d.partner else "",
        "sign": f"{w.force(d.partner)}'s agreement: {cap}" if d.partner else "",
        "notice": f"Inherited agreement: {cap}" if d.capability else "Inherited strategic alliance",
        "direct": f"Direct {w.force(d.partner)}: {cap}" if d.partner else "",
        "merge": f"Merge with {d.partner}?",
        "alliance": "Stay in the strategic alliance?",
        "inspect": "Which forces to inspect",
        "duty": "The duty to collaborate",
        "precept": "The limit on precept rises",
        "settlement": "Next year's police grant",
    }
    return titles.get(d.kind) or humanise(d.kind)


def option_name(o: Option, w: Words) -> str:
    """An option in a few words (a review's labels repeat the capability on every line)."""
    kind, _, partner_id = o.key.partition(":")
    partner = str(o.facts.get("partner", "")) or w.force(partner_id)
    names = {
        "keep": "Keep the current arrangement",
        "own": "Run your own unit",
        "national": "Use the national provider",
        "buy_payg": f"Buy from {partner}, paying as you go",
        "buy_subscription": f"Buy from {partner} by subscription",
        "join": f"Form a joint unit led by {partner}"
        if o.label.startswith("form")
        else f"Join {partner}'s joint unit",
    }
    return names.get(kind if partner_id else o.key) or sentence(w.plain(o.label))


def option_facts(o: Option, now: dict | None) -> str:
    """A review option's facts in a short line of words, cost and harm also against keeping things
    as they are ("£6.63m a year (-£0.11m on now) · harm £3.40m a year (+£1.21m) · …")."""
    f, parts = o.facts, []
    for key, label in (("cost_gbp_m_a_year", "costs "), ("harm_gbp_m_a_year", "harm ")):
        if key in f:
            text = f"{label}{money(float(f[key]))} a year"
            if now is not None and key in now and o.key != "keep":
                text += f" ({signed_money(float(f[key]) - float(now[key]))})"
            parts.append(text)
    words = {
        "response_min": lambda v: f"response about {float(v):.0f} minutes",
        "trust_in_partner": lambda v: f"trust {float(v):.2f} of 1",
        "quarters_to_agree": lambda v: f"{float(v):.0f} quarters to agree",
        "set_up_gbp_m_a_year": lambda v: f"set-up {money(float(v))}" if float(v) > 0 else "",
    }
    parts += [words[k](f[k]) for k in DETAILS if k in f]
    parts += [fact_words(k, f[k]) for k in POLICY if k in f]
    return sentence(" · ".join(p for p in parts if p))


def why_agent(d: Decision, options: tuple[Option, ...], w: Words) -> str:
    """The agent's choice and its reason, in words (it is a suggestion, not the answer)."""
    chosen = [o for o in options if o.key in d.model_choice]
    if d.pick > 1 or not chosen:
        return ""
    best = min((o for o in options if burden(o) is not None), key=burden, default=None)
    reason = ""
    if best is not None and chosen[0] is best:
        reason = ": the lowest cost plus harm of these options"
    elif best is not None and burden(chosen[0]) is not None:
        reason = (
            f": it weighs more than cost and harm (response, trust, time to agree); "
            f"{option_name(best, w).lower()} costs {money(burden(chosen[0]) - burden(best))} a year less in cost plus harm"
        )
    return f"Your agent would choose “{option_name(chosen[0], w)}”{reason}."


def _option_button(d: Decision, o: Option, view: DecisionView, now: dict | None, w: Words) -> str:
    mine = view.mine is not None and o.key in view.mine
    agent = o.key in d.model_choice
    marks = ("<span class='ws-mark ws-yours'>✓ your choice</span>" if mine else "") + (
        "<span class='ws-mark ws-agent'>agent's choice</span>" if agent else ""
    )
    facts = option_facts(o, now) if shared(d) is None else ""
    return (
        f"<button type='submit' name='choice' value='{escape(o.key, quote=True)}' aria-pressed='{str(mine).lower()}' "
        f"class='ws-option{' ws-chosen' if mine else ''}'><span class='ws-opt-name'>{escape(option_name(o, w))}</span>"
        f"{marks}<span class='ws-opt-facts'>{escape(facts)}</span></button>"
    )


def _checkboxes(
    d: Decision, options: tuple[Option, ...], view: DecisionView, reasons: Mapping[str, str]
) -> str:
    rows = []
    for o in options:
        mine = view.mine is not None and o.key in view.mine
        agent = " <span class='ws-mark ws-agent'>agent's choice</span>" if o.key in d.model_choice else ""
        why = reasons.get(o.key) or "; ".join(fact_words(k, v) for k, v in o.facts.items() if k != "risk")
        rows.append(
            f"<label class='ws-check'><input type='checkbox' name='choice' value='{escape(o.key, quote=True)}'"
            f"{' checked' if mine else ''}><span><b>{escape(o.label)}</b>{agent}<br><small>{escape(why)}</small></span></label>"
        )
    return "".join(rows) + f"<button type='submit' class='ws-save'>Save my choice (up to {d.pick})</button>"


def card(view: DecisionView, seat: str, players: int, w: Words, reasons: Mapping[str, str]) -> str:
    """One decision: what it is, why it matters, its options as buttons, and what is saved."""
    d = view.decision
    options = shown_options(d)
    facts = shared(d)
    now = next((o.facts for o in d.options if o.key == "keep"), None)
    lines = [
        f"<div class='ws-kind' data-role='{escape(d.role, quote=True)}' data-kind='{escape(d.kind, quote=True)}'>"
        f"{escape(SECTION.get(d.kind, humanise(d.kind)))}</div>",
        f"<h2>{escape(decision_title(d, w))}</h2>",
        "" if d.kind == "review" else f"<p class='ws-question'>{escape(w.plain(d.question))}</p>",
    ]
    if facts and d.pick == 1:
        lines.append(
            "<ul class='ws-facts'>"
            + "".join(f"<li>{escape(fact_words(k, v))}</li>" for k, v in facts.items())
            + "</ul>"
        )
    why = why_agent(d, options, w) + (" In brackets: the change on now." if now is not None else "")
    if why.strip():
        lines.append(f"<p class='ws-why'>{escape(why.strip())}</p>")
    hidden = f"<input type='hidden' name='seat' value='{escape(seat, quote=True)}'><input type='hidden' name='key' value='{escape(d.key, quote=True)}'>"
    body = (
        _checkboxes(d, options, view, reasons)
        if d.pick > 1
        else "".join(_option_button(d, o, view, now, w) for o in options)
    )
    lines.append(f"<form method='post' action='/play/choose' class='ws-form'>{hidden}{body}</form>")
    if len(options) < len(d.options):
        hidden_ones = len(d.options) - len(options)
        why_not = (
            f"{hidden_ones} other forces are less risky"
            if d.kind == "inspect"
            else f"{hidden_ones} other options cost more in cost plus harm"
        )
        lines.append(f"<p class='ws-note'>{why_not}: not shown.</p>")
    if view.mine is not None and players > 1:
        names = {o.key: option_name(o, w) for o in options}
        team = ", ".join(f"{n} for “{names.get(k, k)}”" for k, n in view.team.items())
        lines.append(f"<p class='ws-note'>In your role ({players} players) so far: {escape(team)}.</p>")
    state = "ws-done" if view.mine is not None else "ws-open"
    return f"<section class='ws-card {state}'>{''.join(lines)}</section>"


def _timer(view: ParticipantView) -> str:
    if view.status != "open":
        return ""
    if view.paused:
        left = f" ({view.time_left:.0f} seconds left)" if view.time_left is not None else ""
        return f"<p class='ws-clock'><b>Paused by the facilitator</b>{left}: you can still answer.</p>"
    if view.time_left is None:
        return "<p class='ws-clock'>No time limit this round.</p>"
    return (
        f"<p class='ws-clock'>Time left: <b class='ws-left' data-left='{view.time_left:.1f}'>{view.time_left:.0f} seconds</b></p>"
        f"<div class='ws-timer'><div class='ws-timer-fill' style='animation-duration:{view.time_left:.1f}s'></div></div>"
    )


def status_line(view: ParticipantView) -> str:
    follow = f", follow-up {view.phase - 1}" if view.phase > 1 else ""
    return {
        "waiting": "The workshop has not started yet: wait for the facilitator.",
        "open": f"Round {view.round_number}: {view.quarter}{follow}. Decide now.",
        "closed": f"Round {view.round_number} ({view.quarter}) is closed. Wait for the next round.",
    }.get(view.status, "The run has ended: thank you. The facilitator will show the debrief.")


def _results(view: ParticipantView, w: Words) -> str:
    if not view.results:
        return ""
    items = "".join(
        f"<li>{escape(w.plain(r['question']))}<br><b>{escape(sentence(w.plain(r['choice_label'])))}</b> "
        f"({escape(answered_by(r['by'], r.get('participants', '')))})</li>"
        for r in view.results
    )
    return f"<section class='ws-results'><h2>Decided for your role in {escape(view.quarter)}</h2><ul>{items}</ul></section>"


def _delegated(view: ParticipantView, w: Words) -> str:
    if not view.delegated:
        return ""
    names = "; ".join(decision_title(d, w).removesuffix(": how to provide it") for d in view.delegated)
    return (
        f"<p class='ws-delegated ws-note'><b>Left to your agent this round</b> (less at stake: the model's "
        f"agent for your role answers them): {escape(names)}.</p>"
    )


def main(view: ParticipantView, w: Words, reasons: Mapping[str, str] | None = None, error: str = "") -> str:
    """The part of the page that changes: the round, the decisions, the last round's results, and
    the render signal tests and the benchmark wait on."""
    order = {k: n for n, k in enumerate(KIND_ORDER)}
    decisions = sorted(view.decisions, key=lambda v: order.get(v.decision.kind, len(order)))
    answered = sum(v.mine is not None for v in decisions)
    count = f"Your decisions this round: {answered} of {len(decisions)} answered." if decisions else (
        "Nothing for your role to decide this round." if view.status == "open" else "")  # fmt: skip
    shared_by = f" · {view.players_in_role} players share this role" if view.players_in_role > 1 else ""
    parts = [
        f"<p class='ws-error' role='alert'>{escape(error)}</p>" if error else "",
        f"<h1 class='ws-role'>{escape(view.role_label)}</h1>",
        f"<p class='ws-note ws-seat'>P{view.seat.number:02d}{escape(shared_by)}</p>",
        f"<p class='ws-status'>{escape(status_line(view))}</p>",
        _timer(view),
        "".join(f"<p class='ws-context'>{escape(w.plain(line))}</p>" for line in view.context),
        f"<p class='ws-count'>{escape(count)}</p>" if count else "",
        *(card(v, view.seat.token, view.players_in_role, w, reasons or {}) for v in decisions),
        _delegated(view, w),
        _results(view, w),
        signal(view, answered, len(decisions)),
    ]
    return "".join(parts)


def signal(view: ParticipantView, answered: int, count: int) -> str:
    """The invisible render signal: which round, status and phase the page shows (tests wait on it)."""
    attributes = {"view": "participant", "round": view.round_number, "status": view.status, "phase": view.phase,
                  "version": view.version, "extra": f"{view.seat.role}|{answered}/{count}|"}  # fmt: skip
    return (
        "<div class='crossforce-render' hidden "
        + " ".join(f"data-{k}='{escape(str(v), quote=True)}'" for k, v in attributes.items())
        + "></div>"
    )


STYLE = """
*{box-sizing:border-box} body{font:16px/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;
color:#111;background:#f6f6f6} main,#ws-name{max-width:640px;margin:0 auto;padding:8px 12px}
h1{font-size:22px;margin:4px 0 0} h2{font-size:17px;margin:2px 0 4px} p{margin:4px 0}
.ws-note,.ws-seat{font-size:13px;color:#555} .ws-status{font-weight:600} .ws-context{font-size:13px;color:#444}
.ws-error{color:#b00020;font-weight:700} .ws-card{background:#fff;border:1px solid #ccc;border-left:6px solid #bbb;
border-radius:6px;padding:6px 8px;margin:8px 0} .ws-card.ws-done{border-left-color:#009E73}
.ws-kind{font-size:11px;font-weight:700;letter-spacing:1px;color:#0072B2;text-transform:uppercase}
.ws-question{font-size:14px} .ws-facts{font-size:13px;margin:2px 0;padding-left:18px} .ws-why{font-size:13px;color:#333}
.ws-option{display:block;width:100%;text-align:left;font:inherit;margin:5px 0;padding:6px 8px;border:1px solid #999;
border-radius:6px;background:#fafafa;cursor:pointer} .ws-option.ws-chosen{border:2px solid #009E73;background:#e8f7f1}
.ws-opt-name{font-weight:700} .ws-opt-facts{display:block;font-size:12.5px;color:#333}
.ws-mark{font-size:11px;font-weight:700;margin-left:6px;padding:0 4px;border-radius:3px} .ws-yours{background:#009E73;color:#fff}
.ws-agent{background:#eee;color:#333;border:1px solid #bbb} .ws-check{display:flex;gap:6px;font-size:14px;margin:4px 0}
.ws-check small{color:#444} .ws-save{font:inherit;font-weight:700;padding:6px 10px;margin:4px 0}
.ws-timer{height:8px;background:#ddd;border-radius:4px;overflow:hidden} .ws-timer-fill{height:100%;background:#0072B2;
transform-origin:left;animation:ws-shrink linear forwards} @keyframes ws-shrink{from{transform:scaleX(1)}to{transform:scaleX(0)}}
.ws-delegated ul,.ws-results ul{font-size:13px;padding-left:18px;margin:2px 0} #ws-name{font-size:14px}
#ws-name input{font:inherit;padding:4px;width:60%} .ws-offline{color:#b00020;font-size:13px}
"""

SCRIPT = """
(function(){
  var main=document.getElementById('ws-main'), seat=main.dataset.seat, deadline=null;
  function tick(){ var el=main.querySelector('.ws-left'); if(!el||deadline===null) return;
    var s=Math.max(0,Math.round((deadline-Date.now())/1000)); el.textContent=Math.floor(s/60)+':'+('0'+s%60).slice(-2); }
  function show(html){ main.innerHTML=html; var el=main.querySelector('.ws-left');
    deadline=el?Date.now()+parseFloat(el.dataset.left)*1000:null; tick(); }
  setInterval(tick,1000); tick();
  var el0=main.querySelector('.ws-left'); if(el0) deadline=Date.now()+parseFloat(el0.dataset.left)*1000;
  var line=document.getElementById('ws-line'), source=new EventSource('/play/events?seat='+encodeURIComponent(seat));
  source.addEventListener('page',function(e){ line.textContent=''; show(e.data); });
  source.onerror=function(){ line.textContent='Connection lost: reconnecting… (your answers are kept on the server)'; };
  document.addEventListener('submit',function(e){ var form=e.target; e.preventDefault();
    var data=new URLSearchParams(new FormData(form)); if(e.submitter&&e.submitter.name) data.append(e.submitter.name,e.submitter.value);
    fetch(form.action,{method:'POST',body:data,headers:{'X-Crossforce':'fetch'},credentials:'same-origin'})
      .then(function(r){return r.text();}).then(function(html){ if(form.id==='ws-name') document.getElementById('ws-name-saved').textContent=html; else show(html); })
      .catch(function(){ line.textContent='Not sent: check the connection and try again.'; }); });
})();
"""


def document(title: str, body: str, script: bool = False) -> str:
    """A whole page: its own style, no asset to fetch, the script only where a seat is open."""
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>{body}"
        + (f"<script>{SCRIPT}</script>" if script else "")
        + "</body></html>"
    )


def page(view: ParticipantView, w: Words, reasons: Mapping[str, str] | None = None) -> str:
    """A participant's page: the part that changes, a line for the connection, their name."""
    token = escape(view.seat.token, quote=True)
    name = (
        "<form id='ws-name' method='post' action='/play/name'>"
        f"<input type='hidden' name='seat' value='{token}'><label>Your name (shown on the projector; optional)<br>"
        f"<input name='name' maxlength='40' value='{escape(view.seat.name, quote=True)}'></label> "
        "<button type='submit'>Save</button> <span id='ws-name-saved' class='ws-note'></span></form>"
    )
    body = (
        f"<main id='ws-main' data-seat='{token}'>{main(view, w, reasons)}</main>"
        f"<p id='ws-line' class='ws-offline' role='status'></p>{name}"
    )
    return document(f"{view.role_label}: crossforce workshop", body, script=True)


def message(title: str, text: str, view: str, link: tuple[str, str] | None = None) -> str:
    """A page with one message: a refusal, a join page, a seat that cannot be opened here."""
    more = f"<p><a href='{escape(link[1], quote=True)}'>{escape(link[0])}</a></p>" if link else ""
    signal_html = f"<div class='crossforce-render' hidden data-view='{escape(view, quote=True)}' data-round='0' data-status='{escape(view, quote=True)}'></div>"
    return document(
        title,
        f"<main><h1>{escape(title)}</h1><p class='ws-error ws-refused'>{escape(text)}</p>{more}{signal_html}</main>",
    )


def home(error: str = "") -> str:
    """The page a participant types a join code on."""
    body = (
        "<main><h1>crossforce workshop</h1><p>Scan the QR code for your role on the screen, or type its code here.</p>"
        + (f"<p class='ws-error'>{escape(error)}</p>" if error else "")
        + "<form method='get' action='/join'><label>Code<br><input name='c' autocomplete='off' autocapitalize='characters' "
        "style='font:inherit;font-size:22px;width:9em'></label> <button type='submit' style='font:inherit'>Join</button></form>"
        "<div class='crossforce-render' hidden data-view='home' data-round='0' data-status=''></div></main>"
    )
    return document("crossforce workshop", body)
