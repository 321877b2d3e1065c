import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A date column is read as 'YYYY-MM-DD' (see the pg type parser in database.ts). */
type PlainDate = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export type CohortStatus = 'draft' | 'scheduled' | 'running' | 'completed' | 'archived';
export type SessionKind =
  | 'orientation'
  | 'lecture'
  | 'policy_presentation'
  | 'site_visit'
  | 'discussion'
  | 'group_work'
  | 'group_presentation'
  | 'closing';
export type SessionStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';
export type EnrolmentRole = 'participant' | 'lecturer' | 'interpreter' | 'observer';
export type EnrolmentStatus = 'invited' | 'confirmed' | 'declined' | 'withdrawn';
export type StaffRole = 'admin' | 'coordinator';

export interface ProgrammesTable {
  id: Generated<string>;
  title: string;
  theme: string;
  partner_organisation: string | null;
  description: string | null;
  modules: Json<string[]>;
  default_completion_policy: Json<unknown> | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CohortsTable {
  id: Generated<string>;
  programme_id: string;
  title: string;
  host_time_zone: ColumnType<string, string | undefined, string>;
  first_day: PlainDate;
  last_day: PlainDate;
  status: ColumnType<CohortStatus, CohortStatus | undefined, CohortStatus>;
  capacity: number | null;
  completion_policy: Json<unknown> | null;
  invitations_sent_at: Timestamp | null;
  /** Minutes before each session at which reminders go out (default 1440 and 15). */
  reminder_offsets_minutes: ColumnType<number[], number[] | undefined, number[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PeopleTable {
  id: Generated<string>;
  email: string;
  name_latin: string;
  name_native: string | null;
  city: string | null;
  country: string;
  time_zone: string;
  locale: ColumnType<string, string | undefined, string>;
  organisation: string | null;
  position: string | null;
  calendar_feed_version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EnrolmentsTable {
  id: Generated<string>;
  cohort_id: string;
  person_id: string;
  role: ColumnType<EnrolmentRole, EnrolmentRole | undefined, EnrolmentRole>;
  status: ColumnType<EnrolmentStatus, EnrolmentStatus | undefined, EnrolmentStatus>;
  /** 'HH:MM:SS' local to the person. */
  preferred_start: ColumnType<string, string | undefined, string>;
  preferred_end: ColumnType<string, string | undefined, string>;
  /** ISO weekday numbers (1 = Monday … 7 = Sunday); null means "from the country's week data". */
  weekend_days: number[] | null;
  /** An interpreter's target language, or the language a participant chose to listen in. */
  interpretation_language: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  cohort_id: string;
  kind: SessionKind;
  title: string;
  speakers: ColumnType<string[], string[] | undefined, string[]>;
  /** Wall-clock start 'YYYY-MM-DDTHH:MM:SS' in `time_zone` (a timestamp without time zone). */
  local_start: ColumnType<string, string, string>;
  time_zone: string;
  duration_minutes: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  tzdb_version: string;
  sequence: ColumnType<number, number | undefined, number>;
  status: ColumnType<SessionStatus, SessionStatus | undefined, SessionStatus>;
  qa_premoderation: ColumnType<boolean, boolean | undefined, boolean>;
  /** BCP 47 languages interpreters serve in this session. */
  interpretation_languages: ColumnType<string[], string[] | undefined, string[]>;
  start_muted: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  person_id: string;
  role: StaffRole;
  password_hash: string;
  disabled_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AuthSessionsTable {
  id: Generated<string>;
  token_hash: string;
  person_id: string;
  csrf_token: string;
  method: 'password' | 'magic_link';
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface SignInTokensTable {
  id: Generated<string>;
  token_hash: string;
  person_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type NotificationKind = 'invitation' | 'reminder' | 'update' | 'cancellation' | 'certificate_issued' | 'missed_session' | 'sign_in_link' | 'at_risk';
export type NotificationState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotificationsTable {
  id: Generated<string>;
  /** The logical message, e.g. `invitation:<cohort>:<person>`; unique, so it is sent at most once. */
  key: string;
  kind: NotificationKind;
  person_id: string;
  cohort_id: string;
  session_id: string | null;
  sequence: number | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  state: ColumnType<NotificationState, NotificationState | undefined, NotificationState>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  message_id: string;
  created_at: Timestamp;
  claimed_at: Timestamp | null;
  sent_at: Timestamp | null;
}

export interface DiscussionRoomsTable {
  name: string;
  cohort_id: string;
  session_id: string | null;
  last_sequence: ColumnType<number, number | undefined, number>;
}

export interface RoomEventsTable {
  room: string;
  sequence: number;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface ChatMessagesTable {
  id: Generated<string>;
  room: string;
  position: Generated<number>;
  author_id: string;
  body: string;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
}

export type QuestionStatus = 'open' | 'answered' | 'answered_live' | 'dismissed';

export interface QuestionsTable {
  id: Generated<string>;
  session_id: string;
  author_id: string;
  anonymous: ColumnType<boolean, boolean | undefined, boolean>;
  body: string;
  agenda_item: string | null;
  status: ColumnType<QuestionStatus, QuestionStatus | undefined, QuestionStatus>;
  pinned: ColumnType<boolean, boolean | undefined, boolean>;
  approved: ColumnType<boolean, boolean | undefined, boolean>;
  votes: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QuestionVotesTable {
  question_id: string;
  person_id: string;
  created_at: Timestamp;
}

export interface HandRaisesTable {
  id: Generated<string>;
  session_id: string;
  person_id: string;
  position: Generated<number>;
  raised_at: Timestamp;
  lowered_at: Timestamp | null;
  lowered_by: string | null;
}

export interface PresenceIntervalsTable {
  id: Generated<string>;
  session_id: string;
  person_id: string;
  socket_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface PollsTable {
  id: Generated<string>;
  session_id: string;
  question: string;
  options: string[];
  multiple: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface PollVotesTable {
  poll_id: string;
  person_id: string;
  choices: number[];
  created_at: Timestamp;
}

export interface LiveRoomsTable {
  session_id: string;
  room_name: string;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface TeamsTable {
  id: Generated<string>;
  cohort_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface TeamMembersTable {
  team_id: string;
  cohort_id: string;
  person_id: string;
}

export interface BreakoutsTable {
  id: Generated<string>;
  session_id: string;
  opened_by: string;
  opened_at: Timestamp;
  closed_by: string | null;
  closed_at: Timestamp | null;
}

export type ModerationAction = 'remove_participant' | 'mute_track' | 'end_session' | 'open_team_rooms' | 'close_team_rooms';

export interface ModerationActionsTable {
  id: Generated<string>;
  session_id: string;
  actor_person_id: string;
  action: ModerationAction;
  target_person_id: string | null;
  track_sid: string | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface LivekitEventsTable {
  id: string;
  event: string;
  room_name: string | null;
  created_at: Timestamp;
  received_at: Timestamp;
  body: Json<unknown>;
  processed_at: Timestamp | null;
}

export type EvidenceSource = 'webhook' | 'poll';
export type EvidenceKind = 'joined' | 'left' | 'seen' | 'room_started' | 'room_finished' | 'poll';

export interface AttendanceEvidenceTable {
  id: Generated<string>;
  session_id: string;
  person_id: string | null;
  source: EvidenceSource;
  kind: EvidenceKind;
  at: Timestamp;
  joined_at: Timestamp | null;
  participant_sid: string | null;
  room_name: string;
  ref: string;
}

export interface AttendanceOverridesTable {
  id: Generated<string>;
  session_id: string;
  person_id: string;
  minutes: number;
  reason: string;
  actor_person_id: string;
  created_at: Timestamp;
}

export interface MakeUpsTable {
  id: Generated<string>;
  session_id: string;
  person_id: string;
  reason: string;
  actor_person_id: string;
  created_at: Timestamp;
}

export interface SigningKeysTable {
  kid: string;
  private_pem: string;
  created_at: CreatedAt;
}

export interface CertificatesTable {
  id: Generated<string>;
  number: string;
  enrolment_id: string;
  cohort_id: string;
  person_id: string;
  status_index: number;
  name_latin: string;
  name_native: string | null;
  /** numeric: read as a string by pg. */
  hours_attended: ColumnType<string, number | string, number | string>;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  replaced_by: string | null;
  pdf: Buffer;
  pdf_sha256: string;
  credential_jwt: string;
}

export interface IssuanceRunsTable {
  id: Generated<string>;
  cohort_id: string;
  actor_person_id: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  done: ColumnType<number, number | undefined, number>;
  failures: ColumnType<{ personId: string; reason: string }[], string | undefined, string>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface Database {
  make_ups: MakeUpsTable;
  signing_keys: SigningKeysTable;
  certificates: CertificatesTable;
  issuance_runs: IssuanceRunsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  breakouts: BreakoutsTable;
  moderation_actions: ModerationActionsTable;
  livekit_events: LivekitEventsTable;
  attendance_evidence: AttendanceEvidenceTable;
  attendance_overrides: AttendanceOverridesTable;
  live_rooms: LiveRoomsTable;
  polls: PollsTable;
  poll_votes: PollVotesTable;
  presence_intervals: PresenceIntervalsTable;
  discussion_rooms: DiscussionRoomsTable;
  room_events: RoomEventsTable;
  chat_messages: ChatMessagesTable;
  questions: QuestionsTable;
  question_votes: QuestionVotesTable;
  hand_raises: HandRaisesTable;
  notifications: NotificationsTable;
  programmes: ProgrammesTable;
  cohorts: CohortsTable;
  people: PeopleTable;
  enrolments: EnrolmentsTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  auth_sessions: AuthSessionsTable;
  sign_in_tokens: SignInTokensTable;
}

export type ProgrammeRow = Selectable<ProgrammesTable>;
export type CohortRow = Selectable<CohortsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type EnrolmentRow = Selectable<EnrolmentsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
