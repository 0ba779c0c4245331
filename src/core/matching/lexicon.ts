/**
 * Cue words the matcher reads beyond the knowledge base. Each activity cue belongs
 * to one distinction from the article, so an unseen activity gets a verdict *and* the
 * reason behind it. Cues are plain phrases; they go through the same analysis as
 * messages (stems, shorthand), so "cold-calling" meets "cold calling".
 */

export type Side = 'sales' | 'marketing' | 'neither';

export interface CueGroup {
  id: string;
  side: Side;
  /** The deciding topic for an unseen activity decided by this group (sales/marketing default otherwise). */
  topic?: string;
  /** One line naming the distinction, shown as the reason for unseen activities. */
  reason: string;
  /** `phrase:weight` (weight 1 when omitted), comma-separated. */
  cues: string;
}

export const ACTIVITY_CUES: readonly CueGroup[] = [
  {
    id: 'sales-leads',
    side: 'sales',
    reason:
      'Finding, qualifying and chasing individual leads is the start of the sales process: the work is aimed at particular future buyers, not at the market as a whole.',
    cues:
      'lead:1.5, leads:1.5, prospect:3, prospecting:3, prospective customer:2, potential customer:1.5, potential client:1.5, ' +
      'cold call:3.5, cold email:3, cold outreach:3, outreach:1.5, outbound:2, follow up:2, following up:2, chase:2, chasing:2, ' +
      'prospects:3, qualify:2.5, qualifying:2.5, book meeting:2.5, booking meetings:2.5, set up a meeting:2, schedule a call:2, appointment:2, ' +
      'territory:2.5, territories:2.5, field rep:3, field sales:3, account executive:3, ' +
      'discovery call:3, sdr:2.5, bdr:2.5, pipeline:1.5, deal pipeline:2.5, referral from a client:2, ask for a referral:2.5, warm intro:2.5, introduction:1',
  },
  {
    id: 'sales-personal',
    side: 'sales',
    reason:
      'It is one-to-one, personal contact with a specific customer (calls, meetings, messages to one person), the inter-personal side that belongs to sales; marketing reaches a mass audience instead.',
    cues:
      'one prospect:3, one customer:3, one client:3, one lead:3, one person:2.5, specific customer:3, specific client:3, specific prospect:3, specific:1.5, ' +
      'single customer:3, individual customer:2.5, individual:1.5, particular customer:3, particular:1, personally:2, personal:1.5, in person:2.5, ' +
      'face to face:3, coffee:1.5, lunch with:1.5, dinner with:1.5, visit:1.5, visiting:1.5, site visit:2.5, door to door:4, doorstep:2, ' +
      'call:1.5, calling:1.5, calls:1.5, phone:2, phoning:2, ring:1, video call:2.5, zoom:2, teams call:2, meeting:1.5, meet:1.5, ' +
      'dm:2.5, direct message:2.5, inmail:2.5, whatsapp:1.5, text:0.5, texting:1.5, personal email:3, email to:1, ' +
      'network:2.5, networking:3, relationship:2, rapport:2.5, account management:3.5, key account:3.5, account manager:3, account:1.5, accounts:1.5, ' +
      'existing customer:2, existing client:2, shopper:2, shop floor:2.5, in store:2, store:0.5, counter:1, walk in:1.5, cto:1, ceo:1, decision maker:2.5, ' +
      'handshake:2, over the phone:3, buyer:1.5, buyers:1.5, ' +
      // Addressing one named person ("a video just for them, using their name"), one after another, or face to face.
      'one to one:4, one on one:4, one by one:3, just for:1, their name:2.5, by name:2.5, named:1, sit down with:3, ' +
      'showing around:3, show around:3, show round:3, viewing:2.5, couple:2, owner:2, first order:3, ' +
      'procurement manager:3, purchasing manager:3, head of purchasing:3, procurement officer:3, procurement team:3, procurement lead:3, lunch:1.5, ' +
      'knocking on doors:4, knock on doors:4, door knocking:4, kitchen table:2.5, ' +
      'consult:2, consultation:2.5, vip:2, sit with:1.5, sits down:1.5, chemistry meeting:3.5, ride along:3, ' +
      'home visit:3, personal letter:3, handwritten:2.5, business review:3, qbr:3.5, prospective client:3, stopping:1, friends:1.5, living room:2, ' +
      'win back:2.5, win them back:3, lapsed customer:2.5, ' +
      ['one', 'single', 'specific', 'particular', 'individual']
        .flatMap((d) => ['customer', 'client', 'prospect', 'buyer', 'lead', 'person', 'retailer', 'distributor', 'partner', 'account', 'company', 'shopper', 'user', 'decision maker',
          // Organisations one deal is with: "a pilot for one bank", "a quote for a single hospital".
          'bank', 'hospital', 'school', 'clinic', 'restaurant', 'cafe', 'firm', 'business', 'family', 'hotel', 'university', 'store', 'shop', 'dentist', 'doctor', 'agency', 'owner'].map((n) => `${d} ${n}:3`))
        .join(', '),
  },
  {
    id: 'sales-pitch',
    side: 'sales',
    reason:
      'Presenting the offer to a particular prospect and handling their questions is two-way, deal-level contact that moves one sale forward, which is the salesperson’s job.',
    cues:
      'pitch:3, pitching:3, demo:3, demonstration:2.5, demoing:3, presentation to:2, present to:1.5, proposal:3, quote:3, quotation:3, ' +
      'rfp:3, tender:2.5, bid:2, walk through:2, walking through:2, objection:3.5, objections:3.5, pushback:2.5, ' +
      'answer question:2.5, answering question:2.5, questions about the product:3, query:2, queries:2, inquiry:2, enquiry:2, inbound request:2, ' +
      'trial:1, free trial call:2.5, sample:0.5, ' +
      // A buyer's own checks before signing: the seller works through them with that buyer.
      'security questionnaire:4, vendor questionnaire:4, due diligence:3, sales engineer:3.5, solutions engineer:3, presales:3.5, pre sales:3.5, ' +
      'pilot:2.5, proof of concept:3, poc:3, tailored pilot:3.5, custom demo:3.5',
  },
  {
    id: 'sales-closing',
    side: 'sales',
    reason:
      'Completing the transaction (negotiating, closing, taking the order, renewing or upselling a customer) is the lower end of the funnel, where sales works.',
    cues:
      'close:3, closing:3, closed:2.5, deal:2.5, deals:2.5, negotiate:3.5, negotiating:3.5, negotiation:3.5, haggle:3, haggling:3, ' +
      'contract:2, contracts:2, sign:1.5, signed:2, signing:2, signature:2, order:1.5, take order:4, taking order:4, taking orders:4, orders:1.5, ' +
      'purchase order:2.5, upsell:4, upselling:4, cross sell:4, cross selling:4, renewal:3.5, renewals:3.5, renew:3.5, renewing:3.5, ' +
      'quota:2, commission:1, won deal:3, checkout:1, buy:1, purchase:1.5, premium plan:1.5, upgrade:2, plan upgrade:2.5, ' +
      'signed contract:3.5, first payment:3, payment:1.5, policy signed:3.5, get it signed:3.5, sign up:1.5, signing up:1.5, ' +
      'discount for a client:3, custom price:3, custom quote:3, tailored:2, sell them:3.5, co selling:3.5, co sell:3.5, pledge:2.5, take offers:3, takes offers:3, signing them up:3, sign them up:3, custom:1.5, bespoke:2.5, bulk discount:3.5, bulk order:3.5, volume discount:3.5',
  },
  {
    id: 'sales-two-way',
    side: 'sales',
    reason:
      'It is a two-way conversation with direct interaction and feedback, which is how sales communicates; marketing’s messages flow one way, from the brand to many people.',
    cues:
      'conversation:2, conversations:2, talk:1.5, talking:1.5, talks:1.5, chat:1.5, chatting:1.5, back and forth:3.5, two way:4, dialogue:3, ' +
      'direct feedback:3, feedback:2, listen:1, listening:1, reply:1.5, replying:1.5, respond:1, responding:1, answer:1.5, answering:1.5, discuss:1.5',
  },
  {
    id: 'marketing-mass',
    side: 'marketing',
    reason:
      'It reaches a mass audience at once rather than one known person, and a message to many is marketing’s way of working, even when names are merged in (mass personalization).',
    cues:
      'everyone:3, everybody:3, all customers:3.5, all users:3, all our customers:3.5, whole list:3.5, whole customer base:3.5, customer base:2, ' +
      'mailing list:3.5, email list:3, list:1.5, subscribers:2.5, followers:2.5, audience:2.5, mass:3, bulk:3, blast:3.5, broadcast:3, ' +
      'thousands:2.5, millions:2.5, hundreds:2, public:2, publicly:3, anyone:2.5, anybody:2.5, anyone can:3, crowd:3, big crowd:3, open to all:3, ' +
      'announce:2, announcing:2, announcement:2, publish:2, publishing:2, published:2, charity:1.5, ' +
      ' every house:3, every household:3, households:3, postcode:2, neighbourhood:2, ' +
      'leaflet:3, leaflets:3, flyer:3, flyers:3, direct mail:3.5, mailshot:3.5, billboard:3.5, poster:3, posters:3, ' +
      'tv:3, television:3, radio:3, jingle:3, commercial:2.5, newspaper:2.5, magazine:2.5, print ad:3.5, ad:3, ads:3, advert:3, advertising:3.5, ' +
      'campaign:2.5, campaigns:2.5, push notification:3, same email:3, same message:3, at once:2, generic:1.5, template:1, automated:2, automation:2, drip:3, ' +
      'one way:4, we talk they listen:4, message from the brand:3, ' +
      // "every shopper", "all our users", "the same announcement": one message, many people.
      ['every', 'all', 'whole']
        .flatMap((d) => ['customer', 'client', 'shopper', 'visitor', 'user', 'subscriber', 'follower', 'household', 'house', 'home', 'reader', 'viewer', 'listener', 'attendee', 'passenger', 'resident', 'contact', 'lead'].map((n) => `${d} ${n}:3`))
        .join(', ') +
      ', ' +
      ['message', 'email', 'announcement', 'ad', 'post', 'text', 'letter', 'video', 'offer', 'flyer', 'banner', 'sms', 'newsletter'].map((n) => `same ${n}:3`).join(', '),
  },
  {
    id: 'marketing-brand',
    side: 'marketing',
    reason:
      'It builds the brand and awareness in the market, a one-way message from the brand to customers in general, which is marketing rather than a conversation with one buyer.',
    cues:
      'brand:3, branding:3.5, branded:3, rebrand:3.5, logo:3.5, slogan:3.5, tagline:3.5, identity:1.5, awareness:3, reputation:2.5, image:1, ' +
      'swag:3.5, merch:3.5, merchandise:3.5, tote bag:3, tote bags:3, mug:2, stickers:2.5, sponsor:3.5, sponsoring:3.5, sponsorship:3.5, ' +
      'pr:3.5, public relations:3.5, press:3, press release:3.5, journalist:3, journalists:3, media coverage:3, media:1.5, ' +
      'influencer:3.5, influencers:3.5, ambassador:2.5, event:1, events:1, exhibition:1.5, conference talk:2.5, keynote:2.5, stage:1, look and feel:3, style guide:3, ' +
      'analyst:2.5, analysts:2.5, analyst relations:3.5, award:2.5, awards:2.5, ' +
      'hackathon:3.5, meetup:3, community:2.5, developer relations:3.5, devrel:3.5, get to know us:2, known:1, visibility:3, recognition:2, word of mouth:3',
  },
  {
    id: 'marketing-promotion',
    side: 'marketing',
    reason:
      'It promotes the product to many people at once through media channels. Promotion is one of the 4 Ps, and a one-to-many message like this is marketing’s work.',
    cues:
      'content:2.5, blog:3.5, blogging:3.5, blog post:3.5, article:2, articles:2, post:1.5, posts:1.5, posting:2, social media:3.5, social:1.5, ' +
      'instagram:3, tiktok:3, facebook:3, twitter:3, youtube:3, reel:2.5, reels:2.5, story:1, stories:1, video:1.5, podcast:3, webinar:3, ebook:3, whitepaper:3, ' +
      'newsletter:3.5, email marketing:3.5, email campaign:3.5, seo:3.5, sem:3, ppc:3.5, google ads:3.5, retargeting:3.5, remarketing:3.5, ' +
      'landing page:3.5, website:2.5, web page:2, copywriting:3, ad copy:3.5, affiliate:3.5, affiliates:3.5, hashtag:2.5, viral:2.5, meme:2, ' +
      'giveaway:3, contest:2.5, competition:1.5, loyalty program:3, loyalty:2, coupon:2.5, coupons:2.5, promo code:3, voucher:2.5, promotion:3, promotional:3, ' +
      'discount:1.5, black friday:3, seasonal sale:3, sms:1.5, gif:1.5, infographic:3, case study:2.5, testimonials:2, reviews:1.5, app store:1.5, banner:3, ' +
      'free samples:3.5, handing out:2.5, hand out:2.5, product sampling:3, sampling campaign:3, passers by:3, street:1.5, station:1.5, ' +
      'app store optimization:3.5, app store listing:3.5, aso:3, ' +
      'qr code:3, qr codes:3, ' +
      'op ed:3.5, trade journal:3, journal:2, byline:3, thought leadership:3.5, guest article:3.5, guest post:3.5, column:1.5, ' +
      'homepage:3, animation:2.5, explainer video:3.5, explainer videos:3.5, web:1.5, ' +
      'display:2.5, window display:3.5, menu:2.5, menu item:3, new menu:3, happy hour:3, limited time:3, buzz:3, stunt:3.5, guerrilla:3.5, chalk:2, capsule art:3.5, store page:3, directory:2.5, directory listing:3.5, buyers guide:3, listing a property:3.5, property listing:3.5, listing site:3, show home:3.5, staged:2, eco label:3.5, label:2, appeals to:1.5, reach more:3, localizing:2.5, localising:2.5, localization:2.5, localisation:2.5, bundle:3, bundling:3, gift set:3, gift sets:3, designing:1.5, redesign:2, redesigning:2, layout:2, scent:3, ambience:3, atmosphere:2.5, neon sign:3, sign wall:3, instagrammable:3.5, discord server:3, fan:2, fans:2.5, health fair:3, fair:2, release:2, releasing:2.5, playable demo:3.5, attract:3, attracting:3, perk:2, incentive:2, shop window:3.5, visual merchandising:3.5, merchandising:3, signage:3, point of sale display:3.5, in store display:3.5',
  },
  {
    id: 'marketing-research',
    side: 'marketing',
    topic: 'research-feasibility',
    reason:
      'It is research into the market and customer needs, done before a product is built or launched. Marketing begins with research and feasibility checks; sales has no part in them.',
    cues:
      'research:4, researching:4, survey:4, surveys:4, questionnaire:4, poll:3, polling:3, focus group:4.5, focus groups:4.5, feasibility:4.5, ' +
      'market study:4, study:2.5, studying:2.5, user interview:4, customer interview:4, interviewing potential users:4, interviewing users:4, interviewing customers:3, ' +
      'interviewing:1.5, needs before:2, before we build:3, before launch:2.5, before building:3, competitor:3.5, competitors:3.5, competitive analysis:4, ' +
      'market size:4, market sizing:4, market analysis:4, demand:2, concept test:3.5, test the idea:3, validate:2.5, validation:2.5, user testing:3, ' +
      'analyse data about customers:3, customer insight:3, insights:2, succeed:2.5, success:1.5, will it work:3, whether it will sell:3.5, ' +
      'satisfaction survey:4, satisfaction study:4, customer satisfaction:2.5, nps:3, net promoter:3, ux research:4, usability:2.5, ' +
      // Watching how people choose, or sizing a market, before building anything.
      'observe:3, observing:3, observation:3, watching how:3, see how they:2.5, how they choose:3, how they pick:3, how they decide:3, ' +
      'before we design:3.5, before designing:3.5, before we develop:3.5, before developing:3.5, before we make:3, census:3, ' +
      'how big the market:4, fake door:4.5, test market:4.5, test marketing:4.5, see how many:3, see if:2, find out if:3.5, find out whether:3.5, to find out:3, check whether:3, whether anyone:3.5, if anyone:2.5, needs assessment:4.5, assessment:2, search volume:4, google trends:4, eye tracking:4.5, price sensitivity:4.5, willingness to pay:4.5, test a new:3, understand why:3.5, why people buy:3.5, jobs to be done:3, closed beta:2.5, beta:1.5, interviews:2.5, how big a market:4, how large the market:4, size the market:4, size a market:4, size a new market:4, sizing:3, analyse:1.5, analysing:1.5, analyze:1.5, analyzing:1.5, data about:1.5',
  },
  {
    id: 'marketing-strategy',
    side: 'marketing',
    reason:
      'It decides product, price, place or promotion, or the overall plan for reaching target customers. That is marketing’s broad scope; sales then works within that strategy.',
    cues:
      'pricing:3.5, price:2.5, prices:2.5, price list:3, set price:3.5, setting the price:3.5, positioning:3.5, position:1.5, segment:3, segments:3, ' +
      'segmentation:3.5, target audience:3.5, target market:3.5, targeting:2.5, persona:3.5, personas:3.5, buyer persona:4, ideal customer profile:3, ' +
      'demographic:2.5, demographics:2.5, demographic shift:3.5, ' +
      'go to market:3.5, marketing plan:3.5, strategy:2.5, plan:1, planning:1, packaging:3.5, product name:3, product naming:3, naming the product:3, distribution:3, ' +
      'distribution channel:3.5, channel:1, retailer:2.5, retailers:2.5, stockist:3, wholesaler:2.5, place:1, launch:2.5, product launch:3, ' +
      'crisis:3, respond to a crisis:3.5, anticipate:3, forecast:2, trend:2.5, trends:2.5, market changes:3, downturn:2.5, recession:2.5, ' +
      'supermarket:2.5, supermarkets:2.5, shops:1.5, stores:1.5, stock our product:3.5, stocked:2.5, shelf:2.5, shelves:2.5, where to sell:3.5, ' +
      'retail:2, marketplace:2, wholesale:2.5, ' +
      'value proposition:3.5, messaging strategy:3, brand messaging:3, key messages:3, product features:2, roadmap:1, brief the sales team:3, sales enablement:2.5, collateral:2.5, playbook:1',
  },
  {
    id: 'neither-finance',
    side: 'neither',
    reason:
      'It is finance and administration. It neither works one-to-one with buyers to close deals (sales) nor reaches the market with research, strategy or promotion (marketing).',
    cues:
      'payroll:5, salary:3.5, salaries:3.5, wages:4, tax:5, taxes:5, tax return:5, vat:4, accounting:5, accountant:4, bookkeeping:5, books:1.5, ' +
      'invoice:2, invoices:2, invoicing:2.5, billing:2.5, expense:3.5, expenses:3.5, expense report:5, reimbursement:4, audit:4, auditing:4, ' +
      'bank:2.5, reconcile:4, reconciliation:4, balance sheet:4.5, annual report:3, accounts payable:5, paying suppliers:4.5, pay suppliers:4.5, ' +
      'financial statement:4.5, budget:1, petty cash:4.5, pension:4, insurance:3, loan:3, funding:2, investors:2, fundraising:1.5',
  },
  {
    id: 'neither-people',
    side: 'neither',
    reason:
      'It is people management inside the company (hiring, HR, staff admin). It is neither selling to individual customers nor marketing to the market.',
    cues:
      'hiring:3.5, hire:2.5, hires:3, new hire:4, new hires:4, recruit:4, recruiting:4, recruitment:4, recruiter:4, candidate:3.5, candidates:3.5, ' +
      'job interview:4, job posting:3.5, job ad:3, onboarding:2, offboarding:4, performance review:4.5, appraisal:4, vacation:4, holiday:1.5, holiday request:4, ' +
      'sick leave:4.5, benefits:2, staff:2, employee:2.5, employees:2.5, hr:4, human resources:4.5, org chart:4, team building:3, training staff:3.5, ' +
      'office party:4, christmas party:4, firing:3.5, layoff:3.5, timesheet:4, rota:4, night shift:3, shift rota:4',
  },
  {
    id: 'neither-it',
    side: 'neither',
    reason:
      'It is technical work (IT, engineering, equipment). It does not involve persuading or serving buyers, so it is neither sales nor marketing.',
    cues:
      'laptop:4, laptops:4, computer:3, computers:3, printer:5, printers:5, wifi:5, vpn:5, password:5, passwords:5, server:4, servers:4, ' +
      'database:3.5, backup:4, backups:4, bug:4.5, bugs:4.5, code:3.5, coding:4, code review:5, deploy:4, deploying:4, deployment:4, ' +
      'software update:4, update software:4, install:3, installing:3, it support:4, helpdesk:4, help desk:4, ticket:2, security patch:4.5, ' +
      'fix:2, fixing:2, repair:3, repairing:3, debug:4.5, debugging:4.5, programming:4, developer:3, engineering:3, api:3, refactor:4.5, ' +
      'unit test:4.5, pull request:5, merge:3, commit:3, git:4, github:4, jira:3, sprint:2.5, qa:3, test suite:4, staging server:4, staging environment:4, ' +
      'firewall:4.5, network cable:4, monitor:1.5, keyboard:3.5, phone system:2, hardware:3.5, upgrade the servers:5, setting up laptops:5',
  },
  {
    id: 'neither-operations',
    side: 'neither',
    reason:
      'It is internal operations (facilities, stock, logistics, legal or admin). None of it is about winning individual buyers or reaching the market, so it is neither sales nor marketing.',
    cues:
      'office chair:5, office chairs:5, office lease:7, landlord:4, vendor:3, our vendor:4, cloud vendor:4.5, data processing agreement:6, processing agreement:5, nda:3, chair:3, chairs:3, desk:3, desks:3, furniture:4, cleaning:4, cleaner:4, kitchen:3.5, coffee machine:4.5, ' +
      'snacks:3, office rent:5, paying rent:4, pay the rent:4, lease:3.5, office lease:5, office:1.5, office move:4, parking:3.5, plumbing:4.5, lightbulb:4.5, lights:2, maintenance:3, security guard:4, ' +
      'inventory:4, warehouse:4, stock count:4.5, stocktake:4.5, counting:2, shipping:2.5, logistics:3.5, packing:3, manufacturing:3.5, assembly:3, ' +
      'production line:4, procurement:4, ordering supplies:4.5, office supplies:4.5, supplies:2.5, stationery:4, supplier:2, suppliers:2, ' +
      'quality control:3.5, legal:3, lawyer:3.5, compliance:3, gdpr:3, lawsuit:4, paperwork:3, filing:3, admin:3, data entry:3.5, ' +
      'minutes:2.5, board meeting:3, shredding:4.5, mail room:4, fire drill:5, health and safety:4.5, ordering:1.5',
  },
];

/**
 * Signs that a message the topic index half-matches is really about something
 * else: company data, schedules, tools, people, IT help, small talk, writing jobs.
 * Weight 1 is a hint; 3 is close to decisive unless a topic matches very well.
 */
export const OFF_DOMAIN_CUES: string =
  // schedules and events
  'today:2, tomorrow:2.5, tonight:2.5, yesterday:2, weekend:2, monday:2.5, tuesday:2.5, wednesday:2.5, thursday:2.5, friday:2.5, fridays:2.5, ' +
  'saturday:2.5, sunday:2.5, this week:2.5, this month:2.5, this quarter:2.5, this year:2, next week:2.5, next month:2.5, next year:2.5, ' +
  'last week:2.5, last month:2.5, last night:2.5, last year:2, q1:2.5, q2:2.5, q3:2.5, q4:2.5, quarter:1.5, deadline:2, calendar:2, ' +
  'meeting room:4, room:1.5, offsite:4, kickoff:4, kick off:3, all hands:4, standup:3, session:2, agenda:2.5, when is:2.5, what time:3, ' +
  'how long:1.5, reschedule:3, schedule:1.5, event:1, party:3, ' +
  'january:2.5, february:2.5, march:1.5, april:2.5, june:2.5, july:2.5, august:2.5, september:2.5, october:2.5, november:2.5, december:2.5, ' +
  // Past events and company facts: "how many leads did we get", "what did marketing spend".
  'did we:3, did our:3, did you:2, what did:2, how much did:3, have we:2, were we:2, yet:2, approved:2.5, status of:3, status:2, ' +
  'spend:2.5, spent:3, spending:2, cost us:3, invoice:2, deck:2, update the:3, slides:2, ' +
  // Where things are and what state they are in: "where do I find the brand assets", "is the report ready".
  'where do i find:4, where can i find:4, where do i get:3, where is the:2, where are the:2, assets:2, folder:3, file:2, link to:2.5, ' +
  'is ready:3, ready yet:3, ready:1.5, is down:3, are down:3, went down:3, is broken:3, is it working:3, ' +
  'does our:2.5, do our:2, is our:2.5, are our:2.5, replaced:3, agency:2, vendor:1.5, ' +
  // company data and metrics
  'number:1.5, numbers:2, figure:1.5, figure out:0, figures:2, rate:2, conversion rate:3, how many:2.5, how much:2, average:2, total:1.5, percent:2, ' +
  'quota:2, budget:2.5, dashboard:4, kpi:3, kpis:3, metrics:2.5, stats:2.5, statistics:2, spreadsheet:4, sheet:2, report:1.5, data:1, ' +
  'crm:3, salesforce:4, hubspot:4, tool:3, tools:3, software:3, app:2, platform:2, pipeline review:3, forecast call:3, ' +
  // people and policies
  'who is our:3, who owns:3, who own:3, head of:3, manager:1, ceo:2, boss:1, contact:1.5, email address:3.5, phone number:3.5, extension:2, ' +
  'salary:4, commission:3.5, bonus:3.5, pay:2, paid:1.5, raise:2, promotion to:2, hr:3, vacation:4, holiday:3, leave:1.5, work from home:4, ' +
  'transfer:3, transferring:3, bored:3, quit:3, my career:3, switch teams:3, move teams:3, ' +
  'remote:2, office:1.5, allowed:2.5, policy:2.5, dress code:4, parking:4, expense:3, expenses:3, ' +
  // IT help and coding
  'password:4, reset:3, login:4, log in:3, sign in:3, vpn:5, wifi:5, laptop:3.5, printer:4.5, access:3, unlock:3.5, locked:3, permission:3, ' +
  'permissions:3, install:3, bug:3, error:3, crash:3, broken:2.5, not working:3, isnt working:3, working again:2, css:5, div:4, html:4, ' +
  'python:4, javascript:4, sql:4, excel:3, formula:3, code:2.5, export:3.5, csv:4, pdf:2.5, import:2.5, upload:3, download:3, ' +
  'git:4, rebase:4, merge conflict:4, pull request:4, deploy:3, docker:4, kubernetes:4, npm:4, json:3, regex:4, api key:4, ' +
  'who is on:3, who is in:3, who works on:3, who should i ask:4, who can i ask:4, who do i ask:4, who do i talk to:4, ' +
  // requests and writing jobs
  'write me:4, write a:2.5, draft:3, remind me:5, remind:3, book a:3, book:1.5, show me:3, send me:3, translate:4, summarise:2.5, summarize:2.5, ' +
  'make me:2.5, generate:2.5, create a:1.5, joke:5, poem:5, story:1, recipe:5, song:3, ' +
  // small talk and general knowledge
  'weather:5, rain:4, sunny:4, game:3, match:1.5, score:1.5, won:2, win:1, football:1.5, lunch:4, dinner:3.5, pizza:4, breakfast:4, food:3, ' +
  // Greetings and laughter are noise around a question, not a sign of another subject.
  'good morning:2, good afternoon:2, good evening:2, haha:1, lol:1, nice one:2, cool:1, awesome:1, ' +
  'how do you say:4, in french:4, in spanish:4, in german:4, in italian:4, spell:3, pronounce:4, ' +
  'birthday:4, movie:4, music:3, chatgpt:5, gpt:4, ai:2, robot:3, are you:3, who are you:4, your name:4, how are you:4, ' +
  'london:2, city:2, country:2, plus:1.5, times:1, divided:3, capital of:4, life:2.5, meaning of life:5, ' +
  'sitting:2, where is:1.5, now:1, location:3, floor:2, can i get:3, sign up:3, register:3, enrol:3, enroll:3, ' +
  // recommendations and company-specific questions
  'best:1, good:1, recommend:1, recommendation:1, which tool:4, our:1, here:0.5, account:1.5, acme:3, customer list:2, ' +
  // The state of things at this moment is company data: "how big is the pipeline right now", "the current price of our plan".
  'right now:3, currently:2.5, current:2, at the moment:3, so far:2, as of:2.5, how big is:2, how big are:2, how far:1.5, on track:3, ' +
  // Resources and deliverables to hand over: "a good marketing podcast", "a sales script for calling dentists".
  'podcast:2.5, podcasts:2.5, books:2, youtube channel:3, script:3, scripts:3, template:2.5, templates:2.5, ' +
  // Neighbouring subjects that borrow the words: sales tax, return on investment, a bot being praised.
  'sales tax:5, tax:3, vat:4, roi:2.5, return on investment:3, calculate:2.5, formula for:3, good bot:5, bad bot:5, thanks bot:4, nice bot:4';

/**
 * Verbs that open a request for the bot to *do* something ("update the deck", "send me the
 * pdf"): a request is no question about the difference between sales and marketing.
 * Explaining verbs (explain, define, compare, describe, list, tell) are not here.
 */
export const TASK_VERBS = new Set(
  'recommend suggest update change fix send share upload download add remove delete create make schedule book set find check look pull export forward email call ping remind draft write generate build order buy approve sign renew cancel invite move rename translate summarise summarize print post publish reply install reset unlock open close run'.split(' '),
);

/**
 * "how do I set up…", "how can we calculate…": asking how to operate a tool or do a chore,
 * when these follow "how do/can/should I/we". Explaining verbs (tell, explain, make sense of)
 * and "make" ("how do I make our sales more effective") are not here.
 */
export const HOW_TO_VERBS = new Set(
  'price set setup calculate compute measure track configure install export import connect integrate create write add fix change reset upload download schedule book cancel delete remove run automate migrate sync'.split(' '),
);

/**
 * How an activity message frames the question, when it frames it at all. The
 * deciding topic follows the frame: one-to-one vs mass, or one-way vs two-way.
 */
export const FRAME_CUES: Record<'customer-interaction' | 'communication', string> = {
  'customer-interaction':
    'face to face:3, in person:3, personally:2, one to one:3, interpersonal:2, personal relationship:3, know the customer:3, ' +
    'mass personalization:3, personalized:2, personalised:2, first name:2, individually:2.5, relationship with:1.5, ' +
    'mass audience:2, herculean:2, anyone in particular:3',
  communication:
    'one way:3, two way:3, back and forth:3, dialogue:2.5, feedback:2, hear back:2.5, both ways:3, cant reply:3, no reply:3, just shows:2, hear back:2.5, reply:1, replies:1, message from the brand:2.5, ' +
    'brand to customers:3, brand to everyone:3, message flows:3, we talk they listen:3, flows:3, flow:3, from us to them:3, no conversation:3',
};

/**
 * Words that name one distinction explicitly ("differ in how they *interact with customers*",
 * "*communication style*", "which *end of the funnel*"). A topic question that names one is
 * answered by that distinction rather than by the general overview (see intent.ts).
 */
export const TOPIC_FRAMES: Record<string, string> = {
  'customer-interaction':
    'interact:3, interaction:3, interacting:3, deal with customers:3, dealing with customers:3, contact with customers:3, customer contact:3, ' +
    'relationship with customers:3, relationships:2, one to one:3, personal contact:3, personally:2, individually:2, mass audience:3, ' +
    'mass personalization:3, face to face:3, in person:3, reach customers:2.5, talk to customers:2.5, ' +
    'rapport:3, personal:2, know the customer:3, knows the customer:3, knowing the customer:3, who talks to customers:3, who meets:2.5, ' +
    'mass audience:3, masses:2.5, individual customers:2.5, each customer:2.5, one customer at a time:3',
  communication:
    'communicate:3, communication:3, communicating:3, comms:3, feedback:3, one way:3, two way:3, dialogue:3, hear back:3, ' +
    'direction of the message:3, messaging:2, broadcast:3, broadcasting:3, monologue:3, ' +
    'listen:2, listens:2, reply:2, replies:2, respond:1.5, direction:2',
  'research-feasibility':
    'research:3, feasibility:3, survey:2, study the market:3, before the product:2.5, before a product:2.5, ' +
    'viability:3, viable:3, begin with:2.5, begins with:2.5, start with:2, starts with:2, before developing:3, before building:3, before we build:3, ' +
    'before launching:3, before development:3, worth building:3',
  funnel: 'funnel:3, which end:2.5, top of the funnel:3, bottom of the funnel:3, lower end:3',
  scope: 'broader:3, scope:3, umbrella:3, subset:3, wider:3, bigger:3, remit:3, purview:3, encompass:3, encompasses:3, one piece of:3, one part of:3, part of marketing:2.5',
  'future-alignment':
    'future:3, trends:2.5, crisis:3, anticipate:3, market changes:3, foresee:3, foresees:3, foresight:3, predict:2.5, macro:3, ' +
    'economic:2, demographic:2, pivot:2.5, who sets the strategy:3, sets the strategy:3, lays down the strategy:3, follow the strategy:3, follows the strategy:3, proactive:3',
  overview:
    'sets apart:2, set apart:2, separates:2, separate:1.5, how they differ:2, main differences:2, key differences:2, dimensions:2, ' +
    'tl dr:2, in a nutshell:2, summary:1.5, side by side:2',
  'strategy-drives-sales':
    'certification:3, certificate:3, certified:3, get certified:3, course:3, courses:3, learn more:3, go deeper:3, dig deeper:3, study further:3, robust strategy:3, ' +
    'sales effectiveness:3, more effective:2.5, effective:2, go to market plan:3, gtm plan:3, go to market strategy:3, helps close:2.5, help close:2.5, ' +
    'makes sales:2, make sales:2, sell better:2.5, sell more:2.5, training:2, class:2, classes:2',
  'four-ps': 'four ps:3, ps:3, marketing mix:3',
  'common-goal':
    'common goal:3, shared goal:3, same goal:3, objective:2.5, objectives:2.5, shared:2, in common:3, interchangeably:3, conflate:3, conflated:3, ' +
    'confuse:2.5, confused:2.5, mix up:3, mixed up:3, trying to achieve:3, both trying:2.5, ' +
    'similar:3, similarity:3, similarities:3, alike:3, unite:3, unites:3, have in common:3, share:2, purpose:1.5, both want:3, ultimately:2, ' +
    'same thing:2.5, synonyms:3, synonymous:3, lumped together:3',
};

/**
 * Words that make an "X, sales or marketing?" message a question about a concept
 * rather than an activity ("which is broader, sales or marketing?").
 */
export const CONCEPT_CUES: string =
  'broader:3, broad:2, bigger:3, larger:3, wider:3, narrower:3, smaller:3, more:1.5, less:1.5, most:1.5, better:2, worse:2, ' +
  'covers:2, cover:1.5, ground:1, scope:3, umbrella:3, subset:3, include:2.5, includes:2.5, part of:1.5, inside:1.5, under:1, ' +
  'funnel:3, top of the funnel:3, bottom:2, lower end:3, top:1.5, stage:1.5, four ps:3, ps:2, p:2, mix:2, ' +
  'definition:3, define:3, meaning:3, difference:3, differ:3, different:2.5, same:2, common:2.5, goal:2.5, revenue:2, ' +
  'first:1.5, begin:2, begins:2, start:1.5, end:1.5, ends:1.5, which side:1, which one:1.5, which is:2, key:1.5, effective:2, strategy follows:3, ' +
  'customer interaction:3, summary:3, summarise:3, overview:3, compare:3, comparison:3, nutshell:3, in short:2, ' +
  'feedback:2, direct feedback:2.5, hears back:2, one way:2, two way:2, ' +
  // "who foresees market changes / handles a crisis, sales or marketing?" asks about marketing's forward-looking role.
  'foresee:3, foresees:3, anticipates:2, crisis:2, market changes:3, similar:3, alike:3, in common:3';

/** `phrase:weight, …` to entries. */
export function parseCues(list: string): { phrase: string; weight: number }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const cut = s.lastIndexOf(':');
      const weight = cut > 0 ? Number(s.slice(cut + 1)) : NaN;
      return Number.isFinite(weight) ? { phrase: s.slice(0, cut).trim(), weight } : { phrase: s, weight: 1 };
    });
}
