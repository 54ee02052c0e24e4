/** A tab whose feature has not landed yet says so plainly instead of showing an empty box. */
export function ComingSoon({ feature, detail }: { feature: string; detail: string }) {
  return (
    <div className="coming-soon" role="status">
      <strong>Arrives with {feature}.</strong>
      <p className="muted">{detail}</p>
    </div>
  );
}
