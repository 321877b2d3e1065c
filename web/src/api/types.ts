// The API's own types where the server exports them; shapes it does not export yet are written out
// here from the OpenAPI document (server/http/*.routes.ts), and should move to the server in time.
export type { CohortView } from '../../../server/domain/cohorts/cohorts.schemas.ts';
export type { SessionView } from '../../../server/domain/sessions/sessions.schemas.ts';
export type { ProgrammeView } from '../../../server/domain/programmes/programmes.schemas.ts';
export type { PersonView } from '../../../server/domain/people/people.schemas.ts';
export type { EnrolmentView } from '../../../server/domain/enrolments/enrolments.schemas.ts';
export type { PlanView, CandidateView, PlannerInput, ApplyPlanInput } from '../../../server/domain/scheduling/planner.schemas.ts';
export type { QuestionView } from '../../../server/domain/discussion/questions.service.ts';
export type { RoomEvent } from '../../../server/domain/discussion/room-events.repository.ts';
export type { CompletionPolicyInput as CompletionPolicy, CompletionView as Completion } from '../../../server/domain/completion/completion.schemas.ts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface SignInSession {
  personId: string;
  name: string;
  email: string;
  staffRole: 'admin' | 'coordinator' | null;
  csrfToken: string;
  expiresAt: string;
}

/** An instant on one zone's wall clock, as the server computes it (server/time/instants.ts). */
export interface LocalView {
  timeZone: string;
  localDateTime: string;
  date: string;
  time: string;
  weekday: number;
  offset: string;
}

export interface MySession {
  id: string;
  cohortId: string;
  cohortTitle: string;
  kind: string;
  title: string;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  sequence: number;
  durationMinutes: number;
  role: string;
  start: { utc: string; own: LocalView; host: LocalView };
  end: { utc: string };
  /** When joining opens (the server's join window). */
  joinOpensAt: string;
}

export interface MySessions {
  timeZone: string;
  /** The server's clock when it answered. */
  serverTime: string;
  items: MySession[];
}

export interface MyEnrolment {
  id: string;
  cohortId: string;
  cohortTitle: string;
  firstDay: string;
  lastDay: string;
  hostTimeZone: string;
  role: string;
  status: string;
  preferredStart: string;
  preferredEnd: string;
}

export interface Me {
  person: import('../../../server/domain/people/people.schemas.ts').PersonView;
  staffRole: 'admin' | 'coordinator' | null;
  enrolments: MyEnrolment[];
}

export interface InterpretationChannel {
  language: string;
  interpreters: { identity: string; name: string }[];
}

export interface JoinAnswer {
  serverUrl: string;
  roomName: string;
  token: string;
  expiresAt: string;
  role: 'staff' | 'lecturer' | 'participant' | 'interpreter' | 'observer';
  startMuted: boolean;
  team: { id: string; name: string } | null;
  interpretation: { languages: string[]; chosenLanguage: string | null; channels: InterpretationChannel[] };
}

/** The body of POST /api/sessions/:id/join (every field optional). */
export interface JoinRequest {
  language?: string | null;
  room?: 'main' | 'team';
  teamId?: string;
}

export interface TeamRooms {
  sessionId: string;
  breakoutId: string;
  teams: { id: string; name: string }[];
}

export interface Team {
  id: string;
  name: string;
  members: { personId: string; name: string; city: string | null }[];
}

export interface ModerationEntry {
  id: string;
  action: string;
  at: string;
  reason: string | null;
  trackSid: string | null;
  by: { personId: string; name: string };
  target: { personId: string; name: string | null } | null;
}

export interface AttendanceOverride {
  minutes: number;
  reason: string;
  by: string;
  at: string;
}

export interface AttendanceCell {
  personId: string;
  sessionId: string;
  minutesPresent: number;
  secondsPresent: number;
  share: number;
  firstJoin: string | null;
  lastLeave: string | null;
  override: AttendanceOverride | null;
  effectiveMinutes: number;
}

export interface AttendanceMatrix {
  cohortId: string;
  computedAt: string;
  scheduledMinutes: number;
  sessions: { id: string; title: string; startsAt: string; durationMinutes: number; status: string }[];
  people: { personId: string; name: string; city: string | null; country: string; cells: AttendanceCell[]; totalMinutes: number; share: number }[];
}

export type EvidenceBasis = 'webhook' | 'poll' | 'poll_interpolated' | 'presence' | 'reconnect_grace';

export interface AttendanceDetail extends AttendanceCell {
  scheduled: { startsAt: string; endsAt: string; durationMinutes: number };
  segments: { from: string; to: string; minutes: number; basis: EvidenceBasis[] }[];
  overrideHistory: AttendanceOverride[];
}

export interface Poll {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  status: 'open' | 'closed';
  published?: boolean;
  results: { counts: number[]; voters: number } | null;
}

export interface RosterResult {
  rows: number;
  peopleCreated: number;
  peopleUpdated: number;
  enrolmentsCreated: number;
  enrolmentsUpdated: number;
  canonicalisedZones: { row: number; from: string; to: string }[];
}

export interface InvitationResult {
  recipients: number;
  created: number;
  queued: number;
}

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Deliveries {
  summary: Partial<Record<DeliveryState, number>>;
  people: {
    personId: string;
    name: string;
    email: string;
    messages: { id: string; kind: string; sessionId: string | null; sequence: number | null; state: DeliveryState; attempts: number; lastError: string | null; createdAt: string; sentAt: string | null }[];
  }[];
}


export interface ChatMessage {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
  editedAt?: string | null;
  hidden?: boolean;
}

export interface RaisedHand {
  personId: string;
  name: string;
  raisedAt: string;
}

/** GET /api/cohorts/:id/certificates, one item (server/http/certificates.routes.ts, `Certificate`). */
export interface Certificate {
  number: string;
  personId: string;
  status: 'valid' | 'revoked' | 'replaced';
  name: { latin: string; native: string | null };
  programme: string;
  cohort: { title: string; firstDay: string; lastDay: string };
  hoursAttended: number;
  issuedAt: string;
  revoked: { at: string; reason: string | null } | null;
  replacedBy: string | null;
  pdfSha256: string;
}

/** A bulk issuance for a cohort (`IssuanceRun`): `done` of `total`, and who could not be issued. */
export interface IssuanceRun {
  id: string;
  cohortId: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failures: { personId: string; reason: string }[];
  startedAt: string;
  finishedAt: string | null;
}

export interface CohortCertificates {
  items: Certificate[];
  latestRun: IssuanceRun | null;
}

/** The worker's push on the staff channel while a run goes on (server/domain/certificates/issuance.service.ts). */
export interface IssuanceProgress {
  runId: string;
  cohortId: string;
  done: number;
  total: number;
  failed: number;
  status: IssuanceRun['status'];
}
