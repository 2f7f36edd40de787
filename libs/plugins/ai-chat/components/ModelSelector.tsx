import '../ai-chat.css';

export interface ModelSelectorProps {
  models: string[];
  value: string;
  onChange: (model: string) => void;
  disabled?: boolean;
}

export default function ModelSelector({ models, value, onChange, disabled }: ModelSelectorProps) {
  return (
    <label className="farm-chat__model">
      Model
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled || models.length === 0}
        data-testid="model-selector"
      >
        {models.length === 0 && <option value="">No models</option>}
        {models.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
