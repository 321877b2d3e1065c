/** BullMQ refuses ids with a colon (unless in three parts); LiveKit's event ids are `EV_` plus letters and digits. */
export const livekitEventJobId = (eventId: string) => `livekit-event_${eventId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
