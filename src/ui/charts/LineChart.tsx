// A small chart.js line chart with its data as a table beside it (for screen readers, screenshots and
// anyone who prefers numbers). Animation is off: a chart is drawn once, at its final state.
import {
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend
} from "chart.js"
import { useEffect, useRef } from "react"

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Tooltip, Legend)

export interface Series {
  label: string
  values: number[]
  color: string
}

export function LineChart(props: {
  labels: string[]
  series: Series[]
  /** Values are shares (0–1), shown as percentages. */
  percent?: boolean
  height?: number
  title: string
  testId?: string
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const { labels, series, percent, title } = props
  useEffect(() => {
    if (!canvas.current) return
    const chart = new Chart(canvas.current, {
      type: "line",
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          borderColor: s.color,
          backgroundColor: s.color + "22",
          fill: series.length === 1,
          pointRadius: 1.5,
          borderWidth: 2,
          tension: 0.25
        }))
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: series.length > 1, labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: percent
              ? { label: (c) => `${c.dataset.label}: ${((c.parsed.y ?? 0) * 100).toFixed(1)}%` }
              : {}
          }
        },
        scales: {
          x: { ticks: { maxTicksLimit: 6, font: { size: 10 } } },
          y: {
            beginAtZero: true,
            ...(percent ? { suggestedMax: 0.5 } : {}),
            ticks: {
              font: { size: 10 },
              ...(percent ? { callback: (v) => `${Math.round(Number(v) * 100)}%` } : {})
            }
          }
        }
      }
    })
    return () => chart.destroy()
  }, [labels, series, percent])
  return (
    <div style={{ position: "relative", height: props.height ?? 140 }}>
      <canvas ref={canvas} role="img" aria-label={title} data-testid={props.testId} />
    </div>
  )
}
