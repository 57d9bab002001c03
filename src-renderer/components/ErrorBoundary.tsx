import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '../stores/i18n-store';

interface State {
  error: Error | null;
}

/** Last line of defence: a rendering bug shows a way back instead of a blank booth screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Station Console crashed while rendering', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fullscreen-message" role="alert">
        <h1>{t('crash.title')}</h1>
        <p>{this.state.error.message}</p>
        <div className="row">
          <button type="button" onClick={() => this.setState({ error: null })}>
            {t('common.tryAgain')}
          </button>
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            {t('crash.reload')}
          </button>
        </div>
      </div>
    );
  }
}
