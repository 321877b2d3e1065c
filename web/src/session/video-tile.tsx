import { useEffect, useRef } from 'react';
import type { RemoteTrack } from 'livekit-client';

export function VideoTile({ track, name }: { track: RemoteTrack; name: string }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    // With adaptiveStream the track follows the element's size and visibility.
    track.attach(element);
    return () => void track.detach(element);
  }, [track]);
  return (
    <figure className="video-tile">
      <video ref={videoRef} autoPlay playsInline muted aria-label={name} />
      <figcaption>{name}</figcaption>
    </figure>
  );
}
